/**
 * The grounded-theory workbench's storage, one object for the services: codes, codings, memos
 * and relations written as the patches shared/coding computes, and what analysis and search read.
 * Each concern has its own repository, and this facade only hands each call to it:
 * - codebook-repo.ts: reading the codebook, the tree, code operations, every patch and undo step;
 * - codings-repo.ts (with codebook-write.ts): coding passages, each coding's mark in its note;
 * - memo-repo.ts: memos, relations and the relations network's layout;
 * - respondent-facts-repo.ts: interviews and respondents as cases, speakers, attribution;
 * - analysis-repo.ts: retrieval, matrices, co-occurrence, saturation;
 * - quote-repo.ts: the quote bank; search-repo.ts: full-text search and coding what it finds.
 */
import type Database from 'better-sqlite3-multiple-ciphers';
import { AnalysisRepo } from './analysis-repo';
import { CodebookRepo } from './codebook-repo';
import { CodingsRepo } from './codings-repo';
import type { RepoClock } from './ids';
import { MemoRepo } from './memo-repo';
import { QuoteRepo } from './quote-repo';
import { RespondentFactsRepo } from './respondent-facts-repo';
import { SearchRepo } from './search-repo';

export type { AttributeName, CodeWithCounts, InterviewFilter, MemoKind, NoteHit, QuoteBank, QuoteEntry, QuoteFilter, QuoteGrouping, RetrievedSegment } from './api-types';
export { CodebookError, memoTargetColumns, type ChangeOutcome, type CodebookErrorReason, type CodingRow, type StoredCode, type StoredCoding, type StoredMemo } from './coding-rows';
export { ATTRIBUTES, type InterviewFacts } from './respondent-facts-repo';
export { contextOf } from './analysis-repo';
export { composePatches } from './codebook-repo';
export { inVivoName } from './codings-repo';

export class CodingRepo {
  private readonly book: CodebookRepo;
  private readonly codingsRepo: CodingsRepo;
  private readonly memoRepo: MemoRepo;
  private readonly cases: RespondentFactsRepo;
  private readonly analysis: AnalysisRepo;
  private readonly quotes: QuoteRepo;
  private readonly search: SearchRepo;

  constructor(db: Database.Database, deviceId: string, clock: RepoClock = {}) {
    this.book = new CodebookRepo(db, deviceId, clock);
    this.codingsRepo = new CodingsRepo(db, deviceId, clock);
    this.memoRepo = new MemoRepo(db, deviceId, clock);
    this.cases = new RespondentFactsRepo(db, deviceId, clock);
    this.analysis = new AnalysisRepo(db, deviceId, clock);
    this.quotes = new QuoteRepo(db, deviceId, clock);
    this.search = new SearchRepo(db, deviceId, clock);
  }

  // codebook and undo
  codes = (...a: Parameters<CodebookRepo['codes']>) => this.book.codes(...a);
  codings = (...a: Parameters<CodebookRepo['codings']>) => this.book.codings(...a);
  memos = (...a: Parameters<CodebookRepo['memos']>) => this.book.memos(...a);
  relations = (...a: Parameters<CodebookRepo['relations']>) => this.book.relations(...a);
  codebook = (...a: Parameters<CodebookRepo['codebook']>) => this.book.codebook(...a);
  tree = (...a: Parameters<CodebookRepo['tree']>) => this.book.tree(...a);
  coreCode = (...a: Parameters<CodebookRepo['coreCode']>) => this.book.coreCode(...a);
  perform = (...a: Parameters<CodebookRepo['perform']>) => this.book.perform(...a);
  writeUndoStep = (...a: Parameters<CodebookRepo['writeUndoStep']>) => this.book.writeUndoStep(...a);
  createCode = (...a: Parameters<CodebookRepo['createCode']>) => this.book.createCode(...a);
  updateCode = (...a: Parameters<CodebookRepo['updateCode']>) => this.book.updateCode(...a);
  moveCode = (...a: Parameters<CodebookRepo['moveCode']>) => this.book.moveCode(...a);
  reorderCode = (...a: Parameters<CodebookRepo['reorderCode']>) => this.book.reorderCode(...a);
  setCore = (...a: Parameters<CodebookRepo['setCore']>) => this.book.setCore(...a);
  mergeCodes = (...a: Parameters<CodebookRepo['mergeCodes']>) => this.book.mergeCodes(...a);
  splitCode = (...a: Parameters<CodebookRepo['splitCode']>) => this.book.splitCode(...a);
  deletionImpact = (...a: Parameters<CodebookRepo['deletionImpact']>) => this.book.deletionImpact(...a);
  deleteCode = (...a: Parameters<CodebookRepo['deleteCode']>) => this.book.deleteCode(...a);

  // codings and their marks in the notes
  applyCoding = (...a: Parameters<CodingsRepo['applyCoding']>) => this.codingsRepo.applyCoding(...a);
  updateCoding = (...a: Parameters<CodingsRepo['updateCoding']>) => this.codingsRepo.updateCoding(...a);
  removeCoding = (...a: Parameters<CodingsRepo['removeCoding']>) => this.codingsRepo.removeCoding(...a);
  interviewCodings = (...a: Parameters<CodingsRepo['interviewCodings']>) => this.codingsRepo.interviewCodings(...a);
  interviewIdsByDate = (...a: Parameters<CodingsRepo['interviewIdsByDate']>) => this.codingsRepo.interviewIdsByDate(...a);
  notesWithText = (...a: Parameters<CodingsRepo['notesWithText']>) => this.codingsRepo.notesWithText(...a);

  // memos and relations
  createRelation = (...a: Parameters<MemoRepo['createRelation']>) => this.memoRepo.createRelation(...a);
  deleteRelation = (...a: Parameters<MemoRepo['deleteRelation']>) => this.memoRepo.deleteRelation(...a);
  createMemo = (...a: Parameters<MemoRepo['createMemo']>) => this.memoRepo.createMemo(...a);
  updateMemo = (...a: Parameters<MemoRepo['updateMemo']>) => this.memoRepo.updateMemo(...a);
  deleteMemo = (...a: Parameters<MemoRepo['deleteMemo']>) => this.memoRepo.deleteMemo(...a);
  listMemos = (...a: Parameters<MemoRepo['listMemos']>) => this.memoRepo.listMemos(...a);
  memoTargets = (...a: Parameters<MemoRepo['memoTargets']>) => this.memoRepo.memoTargets(...a);
  searchMemos = (...a: Parameters<MemoRepo['searchMemos']>) => this.memoRepo.searchMemos(...a);
  networkPositions = (...a: Parameters<MemoRepo['networkPositions']>) => this.memoRepo.networkPositions(...a);
  saveNetworkPositions = (...a: Parameters<MemoRepo['saveNetworkPositions']>) => this.memoRepo.saveNetworkPositions(...a);

  // queries: cases, retrieval, matrices, saturation, quotes
  interviewFacts = (...a: Parameters<RespondentFactsRepo['interviewFacts']>) => this.cases.interviewFacts(...a);
  respondentFacts = (...a: Parameters<RespondentFactsRepo['respondentFacts']>) => this.cases.respondentFacts(...a);
  speakerSpans = (...a: Parameters<RespondentFactsRepo['speakerSpans']>) => this.cases.speakerSpans(...a);
  speakerAt = (...a: Parameters<RespondentFactsRepo['speakerAt']>) => this.cases.speakerAt(...a);
  passageAttribution = (...a: Parameters<RespondentFactsRepo['passageAttribution']>) => this.cases.passageAttribution(...a);
  attributionOf = (...a: Parameters<RespondentFactsRepo['attributionOf']>) => this.cases.attributionOf(...a);
  attributeValues = (...a: Parameters<RespondentFactsRepo['attributeValues']>) => this.cases.attributeValues(...a);
  retrieve = (...a: Parameters<AnalysisRepo['retrieve']>) => this.analysis.retrieve(...a);
  segmentsByIds = (...a: Parameters<AnalysisRepo['segmentsByIds']>) => this.analysis.segmentsByIds(...a);
  matrix = (...a: Parameters<AnalysisRepo['matrix']>) => this.analysis.matrix(...a);
  cooccurrence = (...a: Parameters<AnalysisRepo['cooccurrence']>) => this.analysis.cooccurrence(...a);
  saturation = (...a: Parameters<AnalysisRepo['saturation']>) => this.analysis.saturation(...a);
  relatedToCore = (...a: Parameters<AnalysisRepo['relatedToCore']>) => this.analysis.relatedToCore(...a);
  quoteBank = (...a: Parameters<QuoteRepo['quoteBank']>) => this.quotes.quoteBank(...a);

  // search
  searchNotes = (...a: Parameters<SearchRepo['searchNotes']>) => this.search.searchNotes(...a);
  codeSearchHits = (...a: Parameters<SearchRepo['codeSearchHits']>) => this.search.codeSearchHits(...a);
}
