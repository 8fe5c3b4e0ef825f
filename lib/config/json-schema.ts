import { z } from 'zod';
import { pocConfigSchema } from './schema';

/** JSON Schema of the config file as written (defaults optional), for editor completion. */
export function jsonSchemaOfConfig(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(pocConfigSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'pci-poc-kit customer config',
  };
}
