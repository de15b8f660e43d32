import type { IDataObject } from 'n8n-workflow';

export { example } from '../../dev/harness/workflows';

/** Rows as an aligned text table with a header line. */
export function table(rows: IDataObject[], columns: Array<[header: string, value: (row: IDataObject) => unknown]>): string[] {
	const cells = rows.map((row) => columns.map(([, value]) => String(value(row) ?? '')));
	const widths = columns.map(([header], index) => Math.max(header.length, ...cells.map((line) => line[index].length)));
	const format = (line: string[]) => line.map((cell, index) => cell.padEnd(widths[index])).join('  ').trimEnd();
	return [format(columns.map(([header]) => header)), format(widths.map((width) => '-'.repeat(width))), ...cells.map(format)];
}
