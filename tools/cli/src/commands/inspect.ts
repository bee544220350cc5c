import { Command } from 'commander';
import type { Table } from 'apache-arrow';
import { z } from 'zod';
import { flags, parseFlags, readArrowFile } from '@zsaudit/core';

const MAX_CELL = 60;

function cell(value: unknown): string {
  const s =
    typeof value === 'string'
      ? value
      : JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  const one = (s ?? 'null').replace(/\s+/g, ' ');
  return one.length > MAX_CELL ? `${one.slice(0, MAX_CELL - 1)}…` : one;
}

/** Describes an Arrow table: schema with types and nullability, metadata, row count and the first rows. */
export function describeArrow(table: Table, rows: number): string {
  const out: string[] = [];
  out.push(`rows: ${table.numRows}`);
  out.push('schema:');
  for (const f of table.schema.fields) out.push(`  ${f.name}: ${f.type}${f.nullable ? ' (nullable)' : ''}`);
  if (table.schema.metadata.size) {
    out.push('metadata:');
    for (const [k, v] of [...table.schema.metadata].sort()) out.push(`  ${k}: ${v}`);
  }
  const n = Math.min(rows, table.numRows);
  if (n > 0) {
    out.push(`first ${n} row(s):`);
    const names = table.schema.fields.map((f) => f.name);
    for (let i = 0; i < n; i++) {
      const row = table.get(i)?.toJSON() as Record<string, unknown>;
      out.push(`  [${i}]`);
      for (const name of names) out.push(`    ${name}: ${cell(row[name])}`);
    }
  }
  return out.join('\n');
}

/** Every flag of `inspect`, validated before the file is read. */
const inspectFlagsSchema = z.object({ rows: flags.int(0) }).strict();

export function inspectCommand(): Command {
  return new Command('inspect')
    .argument('<file>', 'an Arrow IPC file')
    .description('Show the schema, metadata, row count and first rows of an Arrow artifact')
    .option('-n, --rows <n>', 'rows to show', '5')
    .action((file: string, options: Record<string, unknown>) => {
      const { rows } = parseFlags(inspectFlagsSchema, options);
      console.log(`${file}\n${describeArrow(readArrowFile(file), rows)}`);
    });
}
