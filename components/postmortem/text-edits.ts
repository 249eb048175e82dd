// Toolbar edits of a textarea's value: pure functions of (value, selection) → (value, selection).
export type TSel = { start: number; end: number };
export type TEdit = { value: string; sel: TSel };

/** `**bold**` around the selection (or a placeholder). */
export function wrap(value: string, sel: TSel, mark: string, placeholder = "text"): TEdit {
  const inner = value.slice(sel.start, sel.end) || placeholder;
  const next = value.slice(0, sel.start) + mark + inner + mark + value.slice(sel.end);
  return { value: next, sel: { start: sel.start + mark.length, end: sel.start + mark.length + inner.length } };
}

/** `## ` or `- ` at the start of every selected line. */
export function prefixLines(value: string, sel: TSel, prefix: string): TEdit {
  const from = value.lastIndexOf("\n", sel.start - 1) + 1;
  const block = value.slice(from, sel.end).split("\n").map((l) => prefix + l).join("\n");
  const next = value.slice(0, from) + block + value.slice(sel.end);
  return { value: next, sel: { start: from, end: from + block.length } };
}

/** A block of its own (blank lines around it) at the cursor. */
export function insertBlock(value: string, sel: TSel, block: string): TEdit {
  const before = value.slice(0, sel.start);
  const after = value.slice(sel.end);
  const lead = before === "" || before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
  const trail = after.startsWith("\n\n") ? "" : after.startsWith("\n") ? "\n" : "\n\n";
  const at = before.length + lead.length + block.length;
  return { value: before + lead + block + trail + after, sel: { start: at, end: at } };
}

export const TABLE_SNIPPET = "| Action | Owner | Due date | Status |\n| --- | --- | --- | --- |\n|  |  |  | open |";
