/** Builds the renderer into dist/renderer when a source is newer than the last build. */
export function buildRendererIfStale(): void;
