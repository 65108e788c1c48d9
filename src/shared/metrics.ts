/** A small Prometheus text-format registry: counters and gauges, no labels beyond a fixed set. */
export interface Metrics {
  increment(name: string, by?: number, labels?: Record<string, string>): void;
  setGauge(name: string, value: number, labels?: Record<string, string>): void;
  /** A gauge read when scraped (queue depth from the database, for instance). */
  registerCollector(collect: () => Promise<void>): void;
  render(): Promise<string>;
}

export function createMetrics(help: Record<string, string> = {}): Metrics {
  const counters = new Map<string, number>();
  const gauges = new Map<string, number>();
  const collectors: (() => Promise<void>)[] = [];
  const keyOf = (name: string, labels?: Record<string, string>) => {
    const entries = Object.entries(labels ?? {});
    if (entries.length === 0) return name;
    const body = entries.map(([key, value]) => `${key}="${value.replace(/"/g, '\\"')}"`).join(",");
    return `${name}{${body}}`;
  };
  const writeFamily = (lines: string[], map: Map<string, number>, type: string) => {
    const byName = new Map<string, [string, number][]>();
    for (const [key, value] of map) {
      const name = key.split("{")[0] ?? key;
      byName.set(name, [...(byName.get(name) ?? []), [key, value]]);
    }
    for (const [name, samples] of byName) {
      if (help[name]) lines.push(`# HELP ${name} ${help[name]}`);
      lines.push(`# TYPE ${name} ${type}`);
      for (const [key, value] of samples) lines.push(`${key} ${value}`);
    }
  };
  return {
    increment: (name, by = 1, labels) => {
      const key = keyOf(name, labels);
      counters.set(key, (counters.get(key) ?? 0) + by);
    },
    setGauge: (name, value, labels) => {
      gauges.set(keyOf(name, labels), value);
    },
    registerCollector: (collect) => {
      collectors.push(collect);
    },
    render: async () => {
      await Promise.all(collectors.map((collect) => collect().catch(() => undefined)));
      const lines: string[] = [];
      writeFamily(lines, counters, "counter");
      writeFamily(lines, gauges, "gauge");
      return `${lines.join("\n")}\n`;
    },
  };
}
