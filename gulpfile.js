const { src, dest } = require('gulp');

// tsc only emits JavaScript: n8n loads icons and codex files from dist, beside the code.
function buildIcons() {
	return src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	);
}

exports['build:icons'] = buildIcons;
