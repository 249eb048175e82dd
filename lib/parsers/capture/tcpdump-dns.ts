// The DNS summary tcpdump prints (print-domain.c), e.g.
//   query:    12345+ [1au] A? example.com. (29)        (+ = RD, op such as " update" after the id)
//   response: 12345 NXDomain*- 0/1/0 (104)             (rcode text only when ≠ NOERROR)
// Responses do not repeat the question unless -v, so their qname stays null.
import { qtypeNumber, textDnsMessage } from "./capture-text";
import type { DnsMessage } from "./dns-message";

const OPCODES: Readonly<Record<string, number>> = { inv_q: 1, stat: 2, notify: 4, update: 5 };

const RCODES: Readonly<Record<string, number>> = {
  FormErr: 1, ServFail: 2, NXDomain: 3, NotImp: 4, Refused: 5, YXDomain: 6, YXRRSet: 7, NXRRSet: 8,
  NotAuth: 9, NotZone: 10, NoChange: 15, BadVers: 16, BadCookie: 23,
};

const HEAD = /^(\d+)(?: (inv_q|stat|notify|update|op\d+))?(\S*)/;
const LENGTH = /\((\d+)\)\s*$/;
const QUESTION = /(?:^| )(\S+)\? (\S+)/;
const COUNTS = /(?:^| )(\d+)\/(\d+)\/(\d+)(?= |$)/;
const RCODE = / (FormErr|ServFail|NXDomain|NotImp|Refused|YXDomain|YXRRSet|NXRRSet|NotAuth|NotZone|NoChange|BadVers|BadCookie|Resp(\d+))(?=[*\-|$ ]|$)/;

/** Parses a tcpdump DNS summary; null when the text is not one. */
export function parseTcpdumpDns(text: string): DnsMessage | null {
  const head = HEAD.exec(text);
  const length = LENGTH.exec(text);
  if (!head || !length) return null;
  const id = Number(head[1]);
  if (id > 0xffff) return null;
  const op = head[2];
  const opcode = op === undefined ? 0 : (OPCODES[op] ?? Number(op.slice(2)));
  const body = text.slice(head[0].length, length.index);
  const question = QUESTION.exec(body);
  const counts = COUNTS.exec(body);
  if (question && !counts) {
    const qname = question[2]!.endsWith(".") && question[2] !== "." ? question[2]!.slice(0, -1) : question[2]!;
    return textDnsMessage({
      id, response: false, opcode, flags: (opcode << 11) | (head[3]!.includes("+") ? 0x0100 : 0),
      qname, qtype: qtypeNumber(question[1]!), qclass: 1, length: Number(length[1]),
    });
  }
  if (!counts) return null;
  const rcodeMatch = RCODE.exec(text.slice(0, head[0].length + (counts.index ?? 0) + 1));
  const rcode = rcodeMatch ? (rcodeMatch[2] !== undefined ? Number(rcodeMatch[2]) : RCODES[rcodeMatch[1]!]!) : 0;
  return textDnsMessage({
    id, response: true, opcode, rcode, flags: 0x8000 | (opcode << 11) | (rcode & 0xf),
    answerCount: Number(counts[1]), authorityCount: Number(counts[2]), additionalCount: Number(counts[3]),
    length: Number(length[1]),
  });
}
