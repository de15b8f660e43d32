const { src, dest } = require('gulp');

// tsc only emits JavaScript: n8n loads node and credential icons from dist, beside the code.
function buildIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	);
}

exports['build:icons'] = buildIcons;
