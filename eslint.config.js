// @ts-check
const eslint = require('@eslint/js');
const tseslint = require('typescript-eslint');

module.exports = tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.build/', 'dist/', 'coverage/', 'docs/generated/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  // Layers (docs/DESIGN.md): the readers judge what the templates would deploy, so they never
  // import the code that builds them; the infrastructure never depends on a reader. What both need
  // lives in a leaf (lib/config, lib/segmentation.ts, lib/shared).
  {
    files: ['lib/{model,analysis,cost,docs,runbooks,resilience}/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/constructs', '**/constructs/**', '**/stacks', '**/stacks/**', '**/app', '**/synthesis'],
              message:
                'Readers read the cloud assembly (lib/model), never the constructs, stacks or app: move a shared constant to lib/shared.',
            },
            { group: ['aws-cdk-lib', 'aws-cdk-lib/**', 'constructs', 'cdk-nag'], message: 'Readers do not build CDK apps.' },
          ],
        },
      ],
    },
  },
  // Only lib/model reads raw template properties: a reader reads typed elements of the model, and
  // a value the model does not type yet is added to an element there (docs/DESIGN.md, "The model").
  {
    files: ['lib/{analysis,cost,docs,runbooks,resilience,preflight}/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'MemberExpression[computed=false][property.name=/^(props|Properties|Resources|Outputs|Parameters|Metadata|template|resolver|index)$/]',
          message:
            'Raw template access outside lib/model: read a typed element of the model (add the field in lib/model if it is missing).',
        },
        {
          selector:
            'MemberExpression[computed=true][property.type="Literal"][property.value=/^(props|Properties|Resources|Outputs|Parameters|Metadata|template|resolver|index)$/]',
          message:
            'Raw template access outside lib/model: read a typed element of the model (add the field in lib/model if it is missing).',
        },
        {
          selector:
            'ImportSpecifier[imported.name=/^(IndexedResource|ResourceIndex|Resolver|CfnResource|CfnTemplate|StackTemplate|isObject|referrerMap|referencedKeys|describeExpression|resourceName|launchTemplateOf|distributionsOf|dataEventBucketKeys|findPlacements|buildNetworkModel)$/]',
          message: "The model's raw readers are its own: read the PocModel's typed elements instead.",
        },
      ],
    },
  },
  {
    files: ['lib/model/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/constructs', '**/constructs/**', '**/stacks', '**/stacks/**', '**/app', '**/synthesis'],
              message: 'The model reads the cloud assembly, never the code that builds it.',
            },
            {
              group: ['**/analysis', '**/analysis/**', '**/cost', '**/cost/**', '**/docs', '**/docs/**'],
              message: 'The model is the bottom of the readers: readers import it, not the other way round.',
            },
            {
              group: ['**/runbooks', '**/runbooks/**', '**/resilience', '**/resilience/**'],
              message: 'The model is the bottom of the readers: readers import it, not the other way round.',
            },
            { group: ['aws-cdk-lib', 'aws-cdk-lib/**', 'constructs', 'cdk-nag'], message: 'Readers do not build CDK apps.' },
          ],
        },
      ],
    },
  },
  {
    files: [
      'lib/{constructs,stacks}/**/*.ts',
      'lib/app.ts',
      'lib/synthesis.ts',
      'lib/{shared,config}/**/*.ts',
      'lib/segmentation.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/model',
                '**/model/**',
                '**/analysis',
                '**/analysis/**',
                '**/cost',
                '**/cost/**',
                '**/docs',
                '**/docs/**',
                '**/runbooks',
                '**/runbooks/**',
                '**/resilience',
                '**/resilience/**',
              ],
              message: 'The infrastructure never depends on a reader: move what both need to lib/shared.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The sample shop's browser script, served by CloudFront from S3.
    files: ['app/static/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { document: 'readonly', fetch: 'readonly' } },
  },
);
