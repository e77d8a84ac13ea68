/** `--partition`: a message count or a file size per output file. */
export type PartitionLimit = { kind: 'messages'; count: number } | { kind: 'bytes'; bytes: number };

/** A `--partition` value that is neither a message count nor a file size. */
export class InvalidPartitionLimitError extends Error {
  constructor(
    readonly value: string,
    reason = 'expected a message count such as 1000 or a file size such as 10mb, 1.5 GB or 500kb',
  ) {
    super(`Invalid partition limit "${value}": ${reason}`);
    this.name = 'InvalidPartitionLimitError';
  }
}

/** DCE's size pattern: a number, an optional K, M or G, then B; decimal multiples. */
const SIZE = /^\s*(\d+[.,]?\d*)\s*(\w)?b\s*$/i;
const MULTIPLIERS: Record<string, number> = { '': 1, K: 1e3, M: 1e6, G: 1e9 };
/** .NET's int.Parse with NumberStyles.Integer: surrounding whitespace and a sign allowed. */
const COUNT = /^\s*[+-]?\d+\s*$/;

/**
 * Reads `--partition` as DCE's PartitionLimit.Parse does: a size first (`10mb` is 10,000,000
 * bytes, `1.5 MB` 1,500,000, `20 kB`; `10m` and `1tb` are not sizes), else a message count. Either
 * decimal separator is taken, where .NET takes the current culture's. A limit below one message or
 * one byte is refused: DCE would start a file per message, which nobody asks for that way.
 */
export function parsePartitionLimit(text: string): PartitionLimit {
  const size = SIZE.exec(text);
  if (size) {
    const multiplier = MULTIPLIERS[(size[2] ?? '').toUpperCase()];
    if (multiplier === undefined) throw new InvalidPartitionLimitError(text, 'the unit must be b, kb, mb or gb');
    const bytes = Math.trunc(Number((size[1] ?? '').replace(',', '.')) * multiplier);
    if (bytes < 1) throw new InvalidPartitionLimitError(text, 'a size limit must be at least 1 byte');
    return { kind: 'bytes', bytes };
  }
  if (COUNT.test(text)) {
    const count = Number(text.trim());
    if (count > 2 ** 31 - 1) throw new InvalidPartitionLimitError(text, 'a message count must fit in 32 bits');
    if (count < 1) throw new InvalidPartitionLimitError(text, 'a message count must be at least 1');
    return { kind: 'messages', count };
  }
  throw new InvalidPartitionLimitError(text);
}

/**
 * DCE's rule, checked before each message is written to the current file: once the file holds
 * `count` messages, or `bytes` have been written to it (its preamble included), the next message
 * starts a new file. A file with no message yet is never full, so every file holds at least one
 * message and a size limit is soft by one message and the footer.
 */
export function isPartitionFull(limit: PartitionLimit, messagesInPartition: number, bytesInPartition: number): boolean {
  if (messagesInPartition === 0) return false;
  return limit.kind === 'messages' ? messagesInPartition >= limit.count : bytesInPartition >= limit.bytes;
}
