// Reviewed differences between tshark and Hindsight on corpus files: file → why. Only where the
// difference is understood; each entry should go once a decoder makes the file agree (the corpus
// test fails on an entry whose file no longer differs, so the list only shrinks).
export const KNOWN_DIFFERENCES: Readonly<Record<string, string>> = {};
