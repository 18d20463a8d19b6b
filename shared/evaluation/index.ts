// The evaluation matrix domain: evaluation questions, their evidence and the report.
export * from './model';
export * from './matrix-sheet';
export * from './sentences';
export * from './evidence';
export * from './report';
export * from './chart-svg';
