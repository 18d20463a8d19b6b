/**
 * GUIDs (REFI-QDA 1.5 section 3.7). The schemas' GUIDType accepts 8-4-4-4-12 hexadecimal digits in
 * either case, optionally in braces. Fieldnote's canonical form, written on export, is lower case
 * without braces (as RFC 9562 section 4 recommends for output); import accepts every form GUIDType
 * accepts and canonicalises it, so references match whatever case the other tool used.
 */

const GUID_RE = /^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\})$/;

/** True when `value` matches the schema's GUIDType (after xsd:token white-space collapsing). */
export function isGuid(value: string): boolean {
  return GUID_RE.test(value.trim());
}

/** Canonical form (lower case, no braces), or null when `value` is not a GUIDType value. */
export function canonicalGuid(value: string): string | null {
  const v = value.trim();
  if (!GUID_RE.test(v)) return null;
  return (v.startsWith('{') ? v.slice(1, -1) : v).toLowerCase();
}

/** True when `value` is already in canonical form. */
export function isCanonicalGuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value);
}
