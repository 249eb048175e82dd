// Collects what a parser could not keep: every rejected line is counted, the first few are kept
// with their line number and reason for the upload's answer.
import type { ParseIssue } from "@/lib/parsers/types";

export const MAX_REPORTED_ISSUES = 20;
const MAX_MESSAGE = 500;

/**
 * A message as the database (jsonb, text) and a reader can hold it: messages quote the file, and
 * a NUL or another control byte from it would fail the upload's own status update. Such bytes are
 * shown escaped (`\x00`), broken UTF-16 becomes U+FFFD, and a long message is cut.
 */
function printable(issue: ParseIssue): ParseIssue {
  let message = issue.message.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`).toWellFormed();
  if (message.length > MAX_MESSAGE) message = `${message.slice(0, MAX_MESSAGE)}…`;
  return message === issue.message ? issue : { ...issue, message };
}

export class IssueLog {
  rejected = 0;
  readonly first: ParseIssue[] = [];
  readonly notes: ParseIssue[] = [];

  /** A line/record that was not kept. */
  reject(issue: ParseIssue): void {
    this.rejected++;
    if (this.first.length < MAX_REPORTED_ISSUES) this.first.push(printable(issue));
  }

  /** Something the user should know that did not lose a row (an assumption, a truncated file end). */
  note(issue: ParseIssue): void {
    if (this.notes.length < MAX_REPORTED_ISSUES) this.notes.push(printable(issue));
  }

  /** Notes first (they concern the whole file), then rejected lines in file order. */
  get reported(): ParseIssue[] {
    return [...this.notes, ...this.first].slice(0, MAX_REPORTED_ISSUES);
  }
}
