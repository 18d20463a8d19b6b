/**
 * What R users see when they open Fieldnote's files: haven (read_sav, read_dta), foreign
 * (read.spss, an independent SPSS reader), readstata13 (read.dta13) and the NAME.R script.
 * One R program reads a file with the chosen reader and prints, per variable, its label, value
 * labels, declared missing values and the raw frequency of every value, as JSON.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

export const HAS_R_READERS =
  spawnSync('Rscript', ['-e', 'library(haven); library(jsonlite); library(foreign); library(readstata13)'], { encoding: 'utf8' }).status === 0;

export type RReader = 'haven_sav' | 'haven_dta' | 'foreign_sav' | 'readstata13_dta' | 'r_script';

export interface RVariable {
  name: string;
  label: string | null;
  labels: { values: (number | null)[]; names: string[]; tags: (string | null)[] };
  na_values: number[];
  /** -Inf and Inf as strings (JSON has no infinities). */
  na_range: (number | string)[];
  /** foreign's missings attribute: type and values. */
  missings_type: string | null;
  missings_value: number[];
  /** Raw value → count, with NA counted under "NA" and tagged NA under "NA(a)". */
  freq: Record<string, number>;
  is_date: boolean;
  text: string[] | null;
}

const PROGRAM = String.raw`
suppressMessages({ library(haven); library(jsonlite); library(foreign); library(readstata13) })
args <- commandArgs(trailingOnly = TRUE)
reader <- args[1]; file <- args[2]
d <- switch(reader,
  haven_sav = read_sav(file, user_na = TRUE),
  haven_dta = read_dta(file),
  foreign_sav = read.spss(file, to.data.frame = FALSE, use.value.labels = FALSE, use.missings = FALSE, reencode = "UTF-8"),
  readstata13_dta = read.dta13(file, convert.factors = FALSE, generate.factors = FALSE, convert.dates = TRUE),
  r_script = { setwd(dirname(file)); source(basename(file), local = TRUE); fieldnote })
nrow <- if (is.data.frame(d)) nrow(d) else length(d[[1]])
key <- function(x) {
  if (inherits(x, "Date")) return(ifelse(is.na(x), "NA", format(x, "%Y-%m-%d")))
  if (is.character(x)) return(ifelse(is.na(x), "NA", "text"))
  v <- unclass(x); attributes(v) <- NULL
  k <- ifelse(is.na(v), "NA", format(v, scientific = FALSE, trim = TRUE, drop0trailing = TRUE))
  if (reader == "haven_dta") { t <- na_tag(v); k[!is.na(t)] <- paste0("NA(", t[!is.na(t)], ")") }
  k
}
vars <- lapply(names(d), function(n) {
  x <- d[[n]]
  lab <- attr(x, "labels")
  label <- attr(x, "label")
  if (reader == "foreign_sav") { lab <- attr(x, "value.labels"); label <- attr(d, "variable.labels")[[n]] }
  if (reader == "readstata13_dta") {
    i <- match(n, names(d)); ln <- attr(d, "val.labels")[i]
    lab <- if (!is.na(ln) && ln != "") attr(d, "label.table")[[ln]] else NULL
    label <- attr(d, "var.labels")[i]
  }
  mi <- if (reader == "foreign_sav") attr(d, "missings")[[n]] else NULL
  list(name = n, label = label,
       labels = list(values = if (is.null(lab)) list() else as.list(as.numeric(unname(unclass(lab)))),
                     names = if (is.null(lab)) list() else as.list(names(lab)),
                     tags = if (is.null(lab) || reader != "haven_dta") list() else as.list(na_tag(unclass(lab)))),
       na_values = as.list(as.numeric(attr(x, "na_values"))), na_range = lapply(as.numeric(attr(x, "na_range")), function(z) if (is.infinite(z)) (if (z < 0) "-Inf" else "Inf") else z),
       missings_type = if (is.null(mi)) NULL else mi$type, missings_value = if (is.null(mi)) list() else as.list(as.numeric(mi$value)),
       freq = as.list(table(key(x))), is_date = inherits(x, "Date"),
       text = if (is.character(x)) as.list(ifelse(is.na(x), "", x)) else NULL)
})
cat(toJSON(list(nrow = nrow, vars = vars), auto_unbox = TRUE, null = "null", na = "null", digits = NA))
`;

export function readWithR(dir: string, reader: RReader, file: string): { nrow: number; vars: RVariable[] } {
  writeFileSync(join(dir, 'r-readers.R'), PROGRAM);
  const r = spawnSync('Rscript', [join(dir, 'r-readers.R'), reader, join(dir, file)], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, LC_ALL: 'C.UTF-8' } });
  expect(r.status, `${reader}: ${r.stderr}`).toBe(0);
  const parsed = JSON.parse(r.stdout) as { nrow: number; vars: (Omit<RVariable, 'freq'> & { freq: Record<string, number> | unknown[] })[] };
  return { nrow: parsed.nrow, vars: parsed.vars.map((v) => ({ ...v, freq: Array.isArray(v.freq) ? {} : v.freq })) };
}
