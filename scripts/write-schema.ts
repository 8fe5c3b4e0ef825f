import { writeFileSync } from 'node:fs';
import { jsonSchemaOfConfig } from '../lib/config/json-schema';

writeFileSync('config/schema.json', `${JSON.stringify(jsonSchemaOfConfig(), null, 2)}\n`);
process.stdout.write('wrote config/schema.json\n');
