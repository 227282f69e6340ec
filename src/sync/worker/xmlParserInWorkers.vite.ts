import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';

/**
 * The AWS SDK's browser build parses S3's XML answers with DOMParser, which workers lack
 * ("DOMParser is not defined" in the sync worker). Its Node build has a parser of its own in
 * plain script: worker bundles get that one.
 */
export function xmlParserInWorkers(): Plugin {
  const pkg = dirname(createRequire(import.meta.url).resolve('@aws-sdk/xml-builder/package.json'));
  const parser = join(pkg, 'dist-es', 'xml-parser.js');
  return {
    name: 'alex-xml-parser-in-workers',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === './xml-parser' && importer && importer.startsWith(join(pkg, 'dist-es'))) return parser;
      return null;
    },
  };
}
