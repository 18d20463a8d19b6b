/**
 * What several slices of the contract share: the shape of one method, ids, initials, paths,
 * passphrases and files crossing the API. One definition each, so "an id" or "a passphrase"
 * has the same limits in every domain. Text and count limits are in limits.ts (importers use
 * them too).
 */
import { z } from 'zod';

/** One method of the API: the schema its input is checked against and the one its output follows. */
export interface MethodSpec {
  input: z.ZodType;
  output: z.ZodType;
}

/** The input of a method that takes nothing (still strict: unknown keys are refused). */
export const empty = z.object({}).strict();
export const id = z.string().min(1).max(100);
export const initials = z.string().trim().min(1).max(10);
/** A project file (or a folder) on disk. */
export const path = z.string().min(1).max(4096);
export const passphrase = z.string().min(1).max(1024);
/** File contents crossing the API (uploads and downloads), base64-encoded; 50 MB at most. */
export const base64File = z.string().max(70_000_000);
/** A file the UI offers for download (reports, workbooks, codebooks). */
export const downloadFile = z.object({ fileName: z.string(), mediaType: z.string(), dataBase64: z.string() });
/** One field that differs between this project and an incoming one (a .qdc codebook, a merged project). */
export const differingField = z.object({ name: z.string(), local: z.string(), incoming: z.string() });
