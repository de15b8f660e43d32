const MAX_DETAIL_LENGTH = 300;
/** How deep and wide a body is read: a hostile one may nest thousands of levels or list millions. */
const MAX_DEPTH = 6;
const MAX_PARTS = 20;

/**
 * The human-readable part of an error body, whatever shape the API chose: SCIM `detail`,
 * `{message}` / `{error}` / `{detail}` objects, field dictionaries, bare JSON strings, lists of
 * strings, or an HTML page. Undefined when the body says nothing useful.
 */
export function errorBodyText(body: unknown): string | undefined {
	const text = extractText(body);
	return text === undefined ? undefined : singleLine(text, MAX_DETAIL_LENGTH) || undefined;
}

/** A server's text on one line and at most `max` characters long (cut off with "…"). */
export function singleLine(text: string, max: number): string {
	const line = text.replace(/\s+/g, ' ').trim();
	return line.length > max ? `${line.slice(0, max)}…` : line;
}

function extractText(body: unknown, depth = 0): string | undefined {
	if (body === null || body === undefined || depth > MAX_DEPTH) return undefined;
	if (typeof body === 'string') return isMarkup(body) ? htmlText(body) : body.slice(0, MAX_DETAIL_LENGTH * 4);
	if (Array.isArray(body)) {
		const parts = body
			.slice(0, MAX_PARTS)
			.map((part) => extractText(part, depth + 1))
			.filter((part): part is string => Boolean(part));
		return parts.length ? parts.join('; ') : undefined;
	}
	if (typeof body === 'object') {
		const record = body as Record<string, unknown>;
		for (const key of ['detail', 'message', 'error_description', 'error', 'title']) {
			const text = extractText(record[key], depth + 1);
			if (text) return text;
		}
		const fields = Object.entries(record)
			.slice(0, MAX_PARTS)
			.map(([field, value]) => {
				const text = extractText(value, depth + 1);
				return text ? `${field}: ${text}` : undefined;
			})
			.filter((part): part is string => Boolean(part));
		return fields.length ? fields.join('; ') : undefined;
	}
	return String(body);
}

/** An HTML (or XML) page rather than JSON or text: a proxy's, a login page, a web server's 404. */
export function isMarkup(body: unknown): boolean {
	return typeof body === 'string' && /^\s*</.test(body);
}

function htmlText(html: string): string | undefined {
	const title = /<title[^>]*>([^<]*)<\/title>/i.exec(html)?.[1]?.trim();
	if (title) return title;
	const text = html
		.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
		.replace(/<[^>]+>/g, ' ')
		.trim();
	return text || undefined;
}
