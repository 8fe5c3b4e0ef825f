import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { AssetHashType, BundlingOutput, DockerImage } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import { BuildOptions, buildSync, version as esbuildVersion } from 'esbuild';

/** Where the sample application's sources are; `bin/` resolves it (nothing below reads paths on its own). */
export interface SampleAppSources {
  /** The `app/` folder: `service/` (Node.js API), `web/` (nginx), `static/` (CloudFront assets). */
  readonly sampleAppDir: string;
}

/** File name of the bundled service, on S3 and on the instance. */
export const SERVICE_BUNDLE_FILE = 'service.js';

const BUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  legalComments: 'none',
  logLevel: 'silent',
} as const satisfies BuildOptions;

/** One program of the sample app, bundled into one file for the Node.js that runs it. */
export interface AppBundle {
  readonly name: string;
  /** Relative to the sample app folder. */
  readonly entryPoint: string;
  /** esbuild target: the Node.js release that runs the bundle. */
  readonly target: string;
}

/** The app-tier service, run by the distribution's Node.js 20 on the instances. */
export const SERVICE_BUNDLE: AppBundle = { name: 'service', entryPoint: 'service/src/main.ts', target: 'node20' };

/** The Data stack's deploy-time function that creates the database users and runs the migrations (Lambda nodejs24.x). */
export const DATABASE_USERS_BUNDLE: AppBundle = {
  name: 'database-users',
  entryPoint: 'service/src/provision-handler.ts',
  target: 'node24',
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/**
 * What the bundle is made of: the service sources, the dependency versions (the kit's lock
 * file: the sample app uses the kit's node_modules) and the bundler with its options.
 */
export function bundleInputsHash(sampleAppDir: string, bundle: AppBundle = SERVICE_BUNDLE): string {
  const hash = createHash('sha256').update(JSON.stringify({ esbuild: esbuildVersion, BUILD_OPTIONS, bundle }));
  const serviceDir = join(sampleAppDir, 'service');
  for (const file of filesUnder(serviceDir).sort()) hash.update(`\0${relative(serviceDir, file)}\0`).update(readFileSync(file));
  return hash.update(readFileSync(join(sampleAppDir, '..', 'package-lock.json'))).digest('hex');
}

/**
 * Bundles the app-tier service, its dependencies included (mysql2, the AWS SDK client, the
 * memcached client), into one JavaScript file: instances run it with the distribution's
 * Node.js and never run npm. Offline and deterministic: no source maps (they would embed the
 * output path) and paths in comments relative to the sample app folder. Every synth (and every
 * test file) needs the bundle, so it is kept in the temp folder under the hash of its inputs
 * and rebuilt only when one of them changes.
 */
export function bundleService(sampleAppDir: string, outfile: string, bundle: AppBundle = SERVICE_BUNDLE): void {
  const cached = join(tmpdir(), 'pci-poc-kit-service-bundles', `${bundleInputsHash(sampleAppDir, bundle)}.js`);
  if (!existsSync(cached)) {
    mkdirSync(dirname(cached), { recursive: true });
    const staging = `${cached}.${process.pid}.tmp`;
    buildBundle(sampleAppDir, staging, bundle);
    // A rename is atomic: parallel synths never read a half-written bundle.
    renameSync(staging, cached);
  }
  mkdirSync(dirname(outfile), { recursive: true });
  copyFileSync(cached, outfile);
}

/** One esbuild run, no cache. */
export function buildBundle(sampleAppDir: string, outfile: string, bundle: AppBundle = SERVICE_BUNDLE): void {
  try {
    buildSync({
      ...BUILD_OPTIONS,
      target: bundle.target,
      absWorkingDir: sampleAppDir,
      entryPoints: [join(sampleAppDir, bundle.entryPoint)],
      outfile,
    });
  } catch (error) {
    throw new Error(`bundling the sample ${bundle.name} failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

/**
 * The sample application's deployable artifacts as CDK assets: the bundled service (built at
 * synth time, so the hash changes whenever the code or a dependency does) and the web tier's
 * files. Instances fetch them from the assets bucket in user data; no SSH, no hand edits.
 */
export class SampleAppAssets extends Construct {
  /** One JavaScript file: the app-tier service. */
  public readonly service: s3assets.Asset;
  /** `app/web` zipped: the nginx server block template and the page. */
  public readonly web: s3assets.Asset;

  constructor(scope: Construct, id: string, sources: SampleAppSources) {
    super(scope, id);
    this.service = new s3assets.Asset(this, 'Service', {
      path: join(sources.sampleAppDir, 'service'),
      bundling: {
        // Bundling always runs locally (esbuild is a dependency of the kit); the image is only
        // the fallback CDK requires, and tryBundle never declines, so Docker is never used.
        image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:20-alpine'),
        local: {
          tryBundle(outputDir) {
            bundleService(sources.sampleAppDir, join(outputDir, SERVICE_BUNDLE_FILE));
            return true;
          },
        },
        outputType: BundlingOutput.SINGLE_FILE,
      },
      // Hash the bundle, not the sources: a dependency upgrade changes the asset too.
      assetHashType: AssetHashType.OUTPUT,
    });
    this.web = new s3assets.Asset(this, 'Web', { path: join(sources.sampleAppDir, 'web') });
  }
}

/**
 * Read access to exactly these asset objects, for a tier's own managed policy: no wildcard over
 * the bootstrap assets bucket (its default encryption, the aws/s3 key, needs no KMS grant).
 */
export function assetReadStatement(...assets: s3assets.Asset[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['s3:GetObject'],
    resources: assets.map((asset) => asset.bucket.arnForObjects(asset.s3ObjectKey)),
  });
}
