import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The data sources dashboards may name, by the uids grafana/provisioning/datasources provisions. */
export type DatasourceKind = 'prometheus' | 'postgres';
const KINDS: Record<string, DatasourceKind> = { prometheus: 'prometheus', postgres: 'postgres' };

interface DatasourceRef {
  type?: string;
  uid?: string;
}

interface PanelJson {
  title?: string;
  type?: string;
  datasource?: DatasourceRef;
  targets?: { refId?: string; expr?: string; rawSql?: string; datasource?: DatasourceRef }[];
  panels?: PanelJson[];
}

/** A template variable whose values come from a query (the guild picker of the community dashboards). */
export interface QueryVariable {
  name: string;
  kind: DatasourceKind;
  query: string;
}

export interface Dashboard {
  /** Path under grafana/dashboards. */
  file: string;
  uid: string;
  title: string;
  /** The default time range, as Grafana's relative times (`now-6h`). */
  time: { from: string; to: string };
  variables: QueryVariable[];
  panels: PanelJson[];
}

/** One query of one panel, as Grafana would send it before variables are filled in. */
export interface PanelQuery {
  dashboard: string;
  panel: string;
  refId: string;
  kind: DatasourceKind;
  text: string;
}

/** A dashboard names a data source that is not provisioned, or a panel has no query. */
export class DashboardError extends Error {
  constructor(file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'DashboardError';
  }
}

function kindOf(file: string, where: string, ref: DatasourceRef | undefined): DatasourceKind {
  const kind = ref?.uid ? KINDS[ref.uid] : undefined;
  if (!kind)
    throw new DashboardError(
      file,
      `${where} names data source ${JSON.stringify(ref)}; expected uid prometheus or postgres`,
    );
  return kind;
}

/** Every dashboard JSON under `dir`, subfolders included (each is a Grafana folder). */
export function readDashboards(dir: string): Dashboard[] {
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder)) {
      const path = join(folder, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.json')) files.push(path);
    }
  };
  walk(dir);
  return files.sort().map((path) => {
    const file = relative(dir, path);
    const json = JSON.parse(readFileSync(path, 'utf8'));
    const variables = (json.templating?.list ?? []).map(
      (variable: { name: string; type: string; query: string; datasource?: DatasourceRef }): QueryVariable => {
        if (variable.type !== 'query')
          throw new DashboardError(file, `variable ${variable.name} is not a query variable`);
        return {
          name: variable.name,
          kind: kindOf(file, `variable ${variable.name}`, variable.datasource),
          query: variable.query,
        };
      },
    );
    return { file, uid: json.uid, title: json.title, time: json.time, variables, panels: json.panels ?? [] };
  });
}

/** Every query of every panel (rows' nested panels included); a panel without a query is an error. */
export function panelQueries(dashboard: Dashboard): PanelQuery[] {
  const queries: PanelQuery[] = [];
  const visit = (panel: PanelJson) => {
    if (panel.type === 'row') {
      for (const inner of panel.panels ?? []) visit(inner);
      return;
    }
    const title = panel.title ?? '(untitled)';
    if (!panel.targets?.length) throw new DashboardError(dashboard.file, `panel "${title}" has no query`);
    for (const target of panel.targets) {
      const kind = kindOf(dashboard.file, `panel "${title}"`, target.datasource ?? panel.datasource);
      const text = kind === 'prometheus' ? target.expr : target.rawSql;
      if (!text) throw new DashboardError(dashboard.file, `panel "${title}" query ${target.refId} is empty`);
      queries.push({ dashboard: dashboard.file, panel: title, refId: target.refId ?? 'A', kind, text });
    }
  };
  for (const panel of dashboard.panels) visit(panel);
  return queries;
}
