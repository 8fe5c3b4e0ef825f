import { join } from 'node:path';
import { AssetHashType, BundlingOutput, DockerImage } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import { buildSync } from 'esbuild';

/** Where the sample application's sources are; `bin/` resolves it (nothing below reads paths on its own). */
export interface SampleAppSources {
  /** The `app/` folder: `service/` (Node.js API), `web/` (nginx), `static/` (CloudFront assets). */
  readonly sampleAppDir: string;
}

/** File name of the bundled service, on S3 and on the instance. */
export const SERVICE_BUNDLE_FILE = 'service.js';

/**
 * Bundles the app-tier service, its dependencies included (mysql2, the AWS SDK client, the
 * memcached client), into one JavaScript file: instances run it with the distribution's
 * Node.js and never run npm. Offline and deterministic: no source maps (they would embed the
 * output path) and paths in comments relative to the sample app folder.
 */
export function bundleService(sampleAppDir: string, outfile: string): void {
  const result = buildSync({
    absWorkingDir: sampleAppDir,
    entryPoints: [join(sampleAppDir, 'service', 'src', 'main.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    legalComments: 'none',
    logLevel: 'silent',
    outfile,
  });
  if (result.errors.length > 0) throw new Error(`bundling the sample service failed: ${result.errors[0].text}`);
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
