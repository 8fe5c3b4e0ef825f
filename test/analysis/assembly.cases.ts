import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../lib/analysis/analyze';
import { Assembly, AssemblyError, loadAssembly, Resolver } from '../../lib/model';
import { describeFlow } from '../../lib/analysis/render';
import { assemblyOf, ref, StackFixture } from './fixture';

function producerAndConsumer(): { producer: StackFixture; consumer: StackFixture } {
  const producer = new StackFixture('Producer');
  producer.add('Group', 'AWS::EC2::SecurityGroup', { GroupDescription: 'g' });
  producer.add('SubnetA', 'AWS::EC2::Subnet', {});
  producer.add('SubnetB', 'AWS::EC2::Subnet', {});
  return { producer, consumer: new StackFixture('Consumer') };
}

describe('references between stacks', () => {
  test('Fn::GetStackOutput follows the output into the stack it names', () => {
    const { producer, consumer } = producerAndConsumer();
    const expression = producer.publish('GroupId', { 'Fn::GetAtt': ['Group', 'GroupId'] });
    const resolver = new Resolver(assemblyOf(producer, consumer));
    expect(resolver.value('Consumer', expression)).toEqual({
      kind: 'resource',
      stack: 'Producer',
      logicalId: 'Group',
      attribute: 'GroupId',
    });
  });

  test('Fn::ImportValue finds the export, whose name may be built with Fn::Sub and the stack name', () => {
    const { producer, consumer } = producerAndConsumer();
    const expression = producer.exportValue('SubnetA', ref('SubnetA'));
    const resolver = new Resolver(assemblyOf(producer, consumer));
    expect(resolver.value('Consumer', expression)).toEqual({ kind: 'resource', stack: 'Producer', logicalId: 'SubnetA' });
    expect(resolver.value('Consumer', { 'Fn::ImportValue': 'Producer-Missing' })).toEqual({
      kind: 'unresolved',
      expression: '{"Fn::ImportValue":"Producer-Missing"}',
    });
  });

  test('stack parameters: the caller value, else the default, else unresolved', () => {
    const stack = new StackFixture('Params');
    stack.parameters.Cidr = { Type: 'String', Default: '10.0.0.0/16' };
    stack.parameters.Open = { Type: 'String' };
    const assembly = assemblyOf(stack);
    expect(new Resolver(assembly).value('Params', ref('Cidr'))).toEqual({ kind: 'literal', value: '10.0.0.0/16' });
    expect(new Resolver(assembly, { Params: { Cidr: '10.9.0.0/16' } }).value('Params', ref('Cidr'))).toEqual({
      kind: 'literal',
      value: '10.9.0.0/16',
    });
    expect(new Resolver(assembly).value('Params', ref('Open')).kind).toBe('unresolved');
  });

  test('a nested stack: parameters bound by the parent resolve to the parent resources; Outputs.X reads the nested output', () => {
    const parent = new StackFixture('Parent');
    parent.add('Group', 'AWS::EC2::SecurityGroup', { GroupDescription: 'g' });
    parent.add('Child', 'AWS::CloudFormation::Stack', {
      TemplateURL: 'child.json',
      Parameters: { GroupParam: { 'Fn::GetAtt': ['Group', 'GroupId'] } },
    });
    const child = new StackFixture('Parent/Child');
    child.parameters.GroupParam = { Type: 'String' };
    child.add('Topic', 'AWS::SNS::Topic');
    child.outputs.TopicArn = { Value: ref('Topic') };
    const assembly: Assembly = {
      stacks: [
        { name: 'Parent', template: parent.toTemplate() },
        { name: 'Parent/Child', template: child.toTemplate(), parent: { stack: 'Parent', logicalId: 'Child' } },
      ],
    };
    const resolver = new Resolver(assembly);
    expect(resolver.value('Parent/Child', ref('GroupParam'))).toEqual({
      kind: 'resource',
      stack: 'Parent',
      logicalId: 'Group',
      attribute: 'GroupId',
    });
    expect(resolver.value('Parent', { 'Fn::GetAtt': ['Child', 'Outputs.TopicArn'] })).toEqual({
      kind: 'resource',
      stack: 'Parent/Child',
      logicalId: 'Topic',
    });
  });

  test('lists: arrays, comma-joined references (either way CDK writes them), comma-delimited literals, Fn::Split, Fn::Select', () => {
    const { producer } = producerAndConsumer();
    producer.parameters.Ids = { Type: 'CommaDelimitedList', Default: 'subnet-1,subnet-2' };
    const resolver = new Resolver(assemblyOf(producer));
    const subnets = [
      { kind: 'resource', stack: 'Producer', logicalId: 'SubnetA' },
      { kind: 'resource', stack: 'Producer', logicalId: 'SubnetB' },
    ];
    expect(resolver.list('Producer', { 'Fn::Join': ['', [ref('SubnetA'), ',', ref('SubnetB')]] })).toEqual(subnets);
    expect(resolver.list('Producer', { 'Fn::Join': [',', [ref('SubnetA'), ref('SubnetB')]] })).toEqual(subnets);
    expect(resolver.list('Producer', [ref('SubnetA'), ref('SubnetB')])).toEqual(subnets);
    expect(resolver.list('Producer', ref('Ids'))).toEqual([
      { kind: 'literal', value: 'subnet-1' },
      { kind: 'literal', value: 'subnet-2' },
    ]);
    expect(resolver.list('Producer', { 'Fn::Split': ['|', 'a|b'] })).toEqual([
      { kind: 'literal', value: 'a' },
      { kind: 'literal', value: 'b' },
    ]);
    expect(resolver.value('Producer', { 'Fn::Select': [1, [ref('SubnetA'), ref('SubnetB')]] })).toEqual(subnets[1]);
    expect(resolver.value('Producer', { 'Fn::Join': ['-', ['a', { 'Fn::Sub': '${AWS::StackName}' }]] })).toEqual({
      kind: 'literal',
      value: 'a-Producer',
    });
  });

  test('the analysis places a resource of a nested stack through the parameters its parent binds', () => {
    const parent = new StackFixture('Net');
    const vpc = parent.vpc('Vpc', '10.0.0.0/16', { internetGateway: false });
    parent.subnet('Subnet', vpc, '10.0.1.0/24');
    const group = parent.securityGroup('Group', vpc, { ingress: [{ from: 22, cidr: '10.0.0.0/16' }] });
    parent.add('Hosts', 'AWS::CloudFormation::Stack', {
      TemplateURL: 'hosts.json',
      Parameters: { SubnetId: ref('Subnet'), GroupId: group },
    });
    const hosts = new StackFixture('Net/Hosts');
    hosts.parameters.SubnetId = { Type: 'AWS::EC2::Subnet::Id' };
    hosts.parameters.GroupId = { Type: 'AWS::EC2::SecurityGroup::Id' };
    hosts.instance('One', ref('SubnetId'), [ref('GroupId')], false);
    hosts.instance('Two', ref('SubnetId'), [ref('GroupId')], false);
    const assembly: Assembly = {
      stacks: [
        { name: 'Net', template: parent.toTemplate() },
        { name: 'Net/Hosts', template: hosts.toTemplate(), parent: { stack: 'Net', logicalId: 'Hosts' } },
      ],
    };
    const analysis = analyze(assembly, { intended: { flows: [], isolatedZones: [] }, corporateCidrs: [] });
    expect(analysis.zones.find((zone) => zone.zone === 'bastion')?.resources.map((resource) => resource.name)).toEqual([
      'Net/Hosts/One',
      'Net/Hosts/Two',
    ]);
    expect(analysis.flows.map(describeFlow)).toEqual(['bastion -> bastion tcp 22']);
  });
});

describe('loading a cloud assembly directory', () => {
  const template = (resources: object) => JSON.stringify({ Resources: resources });

  test('reads the stacks the manifest lists, under their stack names, with their nested stacks', () => {
    const directory = mkdtempSync(join(tmpdir(), 'analysis-assembly-'));
    writeFileSync(
      join(directory, 'manifest.json'),
      JSON.stringify({
        version: '48.0.0',
        artifacts: {
          NetworkArtifact: {
            type: 'aws:cloudformation:stack',
            properties: { templateFile: 'Network.template.json', stackName: 'Prod-Network' },
          },
          Tree: { type: 'cdk:tree', properties: { file: 'tree.json' } },
        },
      }),
    );
    writeFileSync(
      join(directory, 'Network.template.json'),
      template({ Child: { Type: 'AWS::CloudFormation::Stack', Metadata: { 'aws:asset:path': 'child.nested.template.json' } } }),
    );
    writeFileSync(join(directory, 'child.nested.template.json'), template({ Topic: { Type: 'AWS::SNS::Topic' } }));
    writeFileSync(join(directory, 'Stray.template.json'), template({}));
    expect(loadAssembly(directory).stacks.map((stack) => [stack.name, stack.parent?.logicalId])).toEqual([
      ['Prod-Network', undefined],
      ['Prod-Network/Child', 'Child'],
    ]);
  });

  test('without a manifest, every *.template.json is a stack named after its file', () => {
    const directory = mkdtempSync(join(tmpdir(), 'analysis-assembly-'));
    writeFileSync(join(directory, 'B.template.json'), template({}));
    writeFileSync(join(directory, 'A.template.json'), template({}));
    writeFileSync(join(directory, 'notes.json'), '{}');
    expect(loadAssembly(directory).stacks.map((stack) => stack.name)).toEqual(['A', 'B']);
  });

  test('a missing or empty directory, or a broken template, is an error that says what to run', () => {
    const directory = mkdtempSync(join(tmpdir(), 'analysis-assembly-'));
    expect(() => loadAssembly(join(directory, 'nope'))).toThrow(
      new AssemblyError(join(directory, 'nope'), 'no cloud assembly folder there'),
    );
    mkdirSync(join(directory, 'empty'));
    expect(() => loadAssembly(join(directory, 'empty'))).toThrow(
      /empty: holds no CloudFormation templates; run `npx cdk synth` first/,
    );
    writeFileSync(join(directory, 'Broken.template.json'), '{');
    expect(() => loadAssembly(directory)).toThrow(/Broken\.template\.json: not valid JSON \(.*\); run `npx cdk synth` again$/);
  });
});
