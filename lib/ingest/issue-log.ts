// Collects what a parser could not keep: every rejected line is counted, the first few are kept
// with their line number and reason for the upload's answer.
import type { ParseIssue } from "@/lib/parsers/types";

export const MAX_REPORTED_ISSUES = 20;

export class IssueLog {
  rejected = 0;
  readonly first: ParseIssue[] = [];
  readonly notes: ParseIssue[] = [];

  /** A line/record that was not kept. */
  reject(issue: ParseIssue): void {
    this.rejected++;
    if (this.first.length < MAX_REPORTED_ISSUES) this.first.push(issue);
  }

  /** Something the user should know that did not lose a row (an assumption, a truncated file end). */
  note(issue: ParseIssue): void {
    if (this.notes.length < MAX_REPORTED_ISSUES) this.notes.push(issue);
  }

  /** Notes first (they concern the whole file), then rejected lines in file order. */
  get reported(): ParseIssue[] {
    return [...this.notes, ...this.first].slice(0, MAX_REPORTED_ISSUES);
  }
}
