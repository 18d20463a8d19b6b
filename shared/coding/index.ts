// The coding domain without Lexical: import lexical-marks.ts directly from the editor, so that
// services and the CLI do not load the editor library.
export * from './model';
export * from './code-tree';
export * from './undo-stack';
export * from './segments';
export * from './analysis';
export * from './quotes';
export * from './attribution';
