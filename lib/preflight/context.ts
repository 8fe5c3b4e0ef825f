import { PocConfig } from '../config/schema';
import { RegionalClients } from './aws';
import { PocDemand } from './demand';

/** What every check reads: the config, who is calling, where the stacks go and what they deploy. */
export interface PreflightContext {
  readonly config: PocConfig;
  /** The account of the credentials. */
  readonly account: string;
  /** environment.region, or the credentials' region for an environment-agnostic config. */
  readonly primaryRegion: string;
  readonly demand: PocDemand;
  /** The SDK clients of a region (the same object for the same region). */
  readonly clients: (region: string) => RegionalClients;
}

/** The AZs the VPC spans in the primary region, with their zone ids (the same AZ in every account). */
export interface ZoneChoice {
  readonly names: readonly string[];
  readonly ids: Readonly<Record<string, string>>;
}
