import { profileName, regionSetup, roleStep, Runbook } from '../common';
import { code, shell } from '../context';

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
    return [
      'What this shows the customer: database credentials are never typed by anyone and change on a schedule (PCI DSS ' +
        '8.6.3); a rotation on demand, during the POC, leaves the application working.',
      '',
      "Time: 15 minutes. Who: the solutions architect or the customer's database administrator.",
      '',
      '## The database credentials',
      '',
      'The application logs in as its own user (rows of its schema, nothing else), whose secret ' +
        `${code(ctx.resource(app.secret))} (output ${code(ctx.output('Data', app.output))}) the schedule ` +
        `${code(ctx.resource(app.rotation))} rotates \`${app.schedule}\` with alternating users: the multi-user ` +
        `rotation function ${code(appFunctionName)} logs in as the master user, gives the other of the two users (the ` +
        'name with or without `_clone`) a new password and the same grants, then makes that user current. The user the ' +
        'application is logged in as keeps working throughout, so a rotation never interrupts it. The migration user ' +
        "(DDL on the app's schema, used by the deployment alone) rotates the same way.",
      '',
      `The secret ${code(ctx.resource(secret.secret))} of ${code(ctx.stack('Data'))} (output ` +
        `${code(ctx.output('Data', secret.output))}) holds the master user's credentials and the endpoint: break-glass, ` +
        'read by the database administrator role alone. The rotation ' +
        `schedule ${code(ctx.resource(secret.rotation))} rotates it \`${secret.schedule}\` with the single-user rotation ` +
        `function ${code(functionName)} (serverless application ${code(ctx.resource(secret.rotationApplication))}), which runs ` +
        `in the app subnets with the security group ${code(ctx.resource(secret.rotationGroup))} of ` +
        `${code(ctx.stack('Network'))}: the only group besides the app tier's that the database admits.`,
      '',
      '### Before',
      '',
      ...regionSetup(ctx),
      '',
      ...roleStep(
        ctx,
        'databaseAdministrator',
        "RotateSecret on the app user's and the master secret and `lambda:InvokeFunction` on their rotation functions, " +
          'which RotateSecret requires of its caller; it may not change the schedules or the functions. That right also ' +
          'lets it invoke a function directly, to no effect: the function refuses any secret version that a rotation has not staged',
      ),
      '',
      ...shell(
        ctx.outputVar('SECRET', 'Data', secret.output),
        'aws secretsmanager describe-secret --secret-id "$SECRET" \\\n' +
          "  --query '{rotation:RotationEnabled,rules:RotationRules,lastRotated:LastRotatedDate,next:NextRotationDate}'",
        `npm run verify -- -c config=${facts.configFile}   # must end with all passed`,
      ),
      '',
      "### Rotate the app user's secret",
      '',
      ...shell(
        ctx.outputVar('APP_SECRET', 'Data', app.output),
        'aws secretsmanager get-secret-value --secret-id "$APP_SECRET" --query SecretString --output text | jq -r .username',
        'aws secretsmanager rotate-secret --secret-id "$APP_SECRET"',
        'aws secretsmanager get-secret-value --secret-id "$APP_SECRET" --query SecretString --output text | jq -r .username',
        `npm run verify -- -c config=${facts.configFile}   # the application keeps serving`,
      ),
      '',
      'The user name alternates (run the second `get-secret-value` again after a minute or two). The application reads the ' +
        'secret again when the database refuses a login, and until then keeps the user it has, whose password is still valid.',
      '',
      "### Rotate the master user's secret",
      '',
      ...shell(
        'aws secretsmanager rotate-secret --secret-id "$SECRET"',
        'aws secretsmanager describe-secret --secret-id "$SECRET" --query VersionIdsToStages',
      ),
      '',
      'The function creates a new password as the `AWSPENDING` version, sets it on the database, tests a login with it, then ' +
        'moves `AWSCURRENT` to it; run the last command again to watch the stages move (a minute or two). Connections already open stay; new ' +
        'logins with the old password fail from the moment it is replaced, so the application must read the secret again when ' +
        'a login fails.',
      '',
      ...shell(`npm run verify -- -c config=${facts.configFile}   # the order round trip logs in with the new password`),
      '',
      '### If the rotation fails',
      '',
      `The functions' log groups are \`/aws/lambda/${appFunctionName}\` and \`/aws/lambda/${functionName}\`; the ` +
        '**auditor** role reads them:',
      '',
      ...shell(
        `AWS_PROFILE=${profileName(ctx, 'auditor')} aws logs tail /aws/lambda/${appFunctionName} --since 30m`,
        `AWS_PROFILE=${profileName(ctx, 'auditor')} aws logs tail /aws/lambda/${functionName} --since 30m`,
      ),
      '',
      '- "unable to connect" or timeouts: the function cannot reach the database on 3306 (its security group and the data ' +
        'NACL) or Secrets Manager on 443 (through the NAT gateways); the segmentation analysis (`npm run analyze`) shows both.',
      '- "access denied" on the key: the function decrypts with the database key of the Data stack.',
      '',
      'Once fixed, run `rotate-secret` again: the function picks up the `AWSPENDING` password it already created.',
    ];
  },
};
