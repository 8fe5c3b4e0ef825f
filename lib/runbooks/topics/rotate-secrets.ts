import { profileName, regionSetup, roleStep, Runbook } from '../common';
import { shell } from '../context';
import { fillTemplate } from '../templates';

export const rotateSecretsRunbook: Runbook = {
  file: 'rotate-database-secret.md',
  title: 'Rotate the database secrets',
  summary:
    "rotate the app user's and the master user's credentials now through their rotation functions and check the application follows.",
  render(ctx) {
    const { facts } = ctx;
    const secret = facts.secret;
    const functionName = ctx.physical(secret.rotationApplication, 'Parameters', 'functionName');
    const app = facts.appSecret;
    const appFunctionName = ctx.physical(app.rotationApplication, 'Parameters', 'functionName');
    const verify = `npm run verify -- -c config=${facts.configFile}`;
    return fillTemplate('rotate-database-secret', {
      appSecret: ctx.resource(app.secret),
      appSecretOutput: ctx.output('Data', app.output),
      appRotation: ctx.resource(app.rotation),
      appSchedule: app.schedule,
      appFunction: appFunctionName,
      masterSecret: ctx.resource(secret.secret),
      dataStack: ctx.stack('Data'),
      masterSecretOutput: ctx.output('Data', secret.output),
      masterRotation: ctx.resource(secret.rotation),
      masterSchedule: secret.schedule,
      masterFunction: functionName,
      masterRotationApplication: ctx.resource(secret.rotationApplication),
      rotationGroup: ctx.resource(secret.rotationGroup),
      networkStack: ctx.stack('Network'),
      regionSetup: regionSetup(ctx),
      roleStep: roleStep(
        ctx,
        'databaseAdministrator',
        "RotateSecret on the app user's and the master secret and `lambda:InvokeFunction` on their rotation functions, " +
          'which RotateSecret requires of its caller; it may not change the schedules or the functions. That right also ' +
          'lets it invoke a function directly, to no effect: the function refuses any secret version that a rotation has not staged',
      ),
      beforeCommands: shell(
        ctx.outputVar('SECRET', 'Data', secret.output),
        'aws secretsmanager describe-secret --secret-id "$SECRET" \\\n' +
          "  --query '{rotation:RotationEnabled,rules:RotationRules,lastRotated:LastRotatedDate,next:NextRotationDate}'",
        `${verify}   # must end with all passed`,
      ),
      appRotationCommands: shell(
        ctx.outputVar('APP_SECRET', 'Data', app.output),
        'aws secretsmanager get-secret-value --secret-id "$APP_SECRET" --query SecretString --output text | jq -r .username',
        'aws secretsmanager rotate-secret --secret-id "$APP_SECRET"',
        'aws secretsmanager get-secret-value --secret-id "$APP_SECRET" --query SecretString --output text | jq -r .username',
        `${verify}   # the application keeps serving`,
      ),
      masterRotationCommands: shell(
        'aws secretsmanager rotate-secret --secret-id "$SECRET"',
        'aws secretsmanager describe-secret --secret-id "$SECRET" --query VersionIdsToStages',
      ),
      verifyCommand: shell(`${verify}   # the order round trip logs in with the new password`),
      logCommands: shell(
        `AWS_PROFILE=${profileName(ctx, 'auditor')} aws logs tail /aws/lambda/${appFunctionName} --since 30m`,
        `AWS_PROFILE=${profileName(ctx, 'auditor')} aws logs tail /aws/lambda/${functionName} --since 30m`,
      ),
    });
  },
};
