import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

import { packageUnderTest } from '../../dev/harness/engine';
import { PACKAGE_ROOT } from '../../dev/harness/package';

const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { homepage: string };
/** Files of this repository as GitHub serves them: `<repository>/blob/<branch>/<path>`. */
const BLOB = new RegExp(`^${manifest.homepage.replace(/#.*$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/blob/[^/]+/`);

const pages = ['README.md', ...readdirSync(join(PACKAGE_ROOT, 'docs')).filter((file) => file.endsWith('.md')).map((file) => `docs/${file}`)];

const withoutFencedCode = (markdown: string) => markdown.replace(/^```[\s\S]*?^```/gm, '');
/** Markdown without code, where links are not links. */
const prose = (markdown: string) => withoutFencedCode(markdown).replace(/`[^`\n]*`/g, '');

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(file: string): Set<string> {
	const seen = new Map<string, number>();
	const result = new Set<string>();
	for (const [, heading] of withoutFencedCode(readFileSync(file, 'utf8')).matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
		const text = heading.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/<[^>]+>/g, '');
		const slug = text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
		const count = seen.get(slug) ?? 0;
		seen.set(slug, count + 1);
		result.add(count ? `${slug}-${count}` : slug);
	}
	return result;
}

/** Why a link to `target` (relative to `from`, or a blob URL of this repository) does not resolve, if it does not. */
function brokenLink(from: string, target: string): string | undefined {
	const [path, anchor] = target.replace(BLOB, `${PACKAGE_ROOT}/`).split('#');
	const file = path === '' ? from : path.startsWith('/') ? path : resolve(dirname(from), decodeURI(path));
	if (!existsSync(file)) return `${relative(PACKAGE_ROOT, file)} does not exist`;
	if (anchor !== undefined && !(file.endsWith('.md') && anchors(file).has(anchor))) {
		return `${relative(PACKAGE_ROOT, file)} has no heading #${anchor}`;
	}
	return undefined;
}

describe('documentation links', () => {
	it.each(pages)('every relative link and anchor in %s resolves', (page) => {
		const file = join(PACKAGE_ROOT, page);
		const links = [...prose(readFileSync(file, 'utf8')).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
			.map(([, target]) => target)
			.filter((target) => !/^[a-z]+:/i.test(target) || BLOB.test(target));
		const broken = links.map((target) => [target, brokenLink(file, target)]).filter(([, reason]) => reason);
		expect(broken).toEqual([]);
	});

	it('points each node’s Docs link and each credential’s documentation at an existing page of this repository', () => {
		const { nodeTypes, nodeFiles, credentialTypes } = packageUnderTest();
		const urls: Array<[owner: string, url: string]> = [];
		for (const name of Object.keys(nodeTypes)) {
			const codex = JSON.parse(readFileSync(nodeFiles[name].replace(/\.js$/, '.json'), 'utf8')) as {
				resources: Record<string, Array<{ url: string }>>;
			};
			const primary = codex.resources.primaryDocumentation ?? [];
			// n8n's Docs link opens the first primary documentation URL: the node's own page.
			expect(primary[0]?.url).toMatch(BLOB);
			expect(primary[0]?.url).toMatch(/\/docs\/[a-z-]+\.md$/);
			for (const entries of Object.values(codex.resources)) for (const { url } of entries) urls.push([name, url]);
		}
		for (const [name, type] of Object.entries(credentialTypes)) {
			if (typeof type.documentationUrl === 'string') urls.push([name, type.documentationUrl]);
		}
		const ours = urls.filter(([, url]) => BLOB.test(url) || url.startsWith(manifest.homepage.replace(/#.*$/, '')));
		expect(ours.length).toBeGreaterThanOrEqual(Object.keys(nodeTypes).length);
		const broken = ours
			.map(([owner, url]) => [owner, url, BLOB.test(url) ? brokenLink(PACKAGE_ROOT, url) : 'not a file URL (…/blob/<branch>/<path>)'])
			.filter(([, , reason]) => reason);
		expect(broken).toEqual([]);
	});
});
