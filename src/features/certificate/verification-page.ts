import type { i18n } from "i18next";
import { translatorFor } from "../../i18n/i18n.ts";
import { escapeHtml } from "../../shared/html.ts";
import type { VerificationFacts } from "./certificate.service.ts";
import { formatDateLong, formatPeriod } from "./certificate-dates.ts";

export interface PublicPage {
  status: number;
  html: string;
}

/**
 * The public page at /verifikasi/<number>: Indonesian with an English line under each, the
 * holder, program, period and status (a revocation's date, never its reason), nothing else.
 * An unknown or malformed number gets the same 404 page; too many lookups a 429 one.
 */
export function renderVerificationPage(
  instance: i18n,
  facts: VerificationFacts | undefined | "limited",
): PublicPage {
  const id = translatorFor(instance, "id");
  const en = translatorFor(instance, "en");
  const both = (key: string, vars?: Record<string, unknown>) =>
    `<p>${escapeHtml(id(key, vars))}<br><span class="en">${escapeHtml(en(key, vars))}</span></p>`;
  if (facts === "limited") {
    return page(429, id("certificate.page.title"), both("certificate.page.limited"));
  }
  if (!facts) return page(404, id("certificate.page.title"), both("certificate.page.unknown"));
  const valid = facts.status === "VALID";
  const revokedOn = facts.revokedOn ?? facts.endDate;
  const statusLine = valid
    ? both("certificate.page.valid")
    : `<p>${escapeHtml(id("certificate.page.revoked", { date: formatDateLong(revokedOn, "id") }))}<br><span class="en">${escapeHtml(en("certificate.page.revoked", { date: formatDateLong(revokedOn, "en") }))}</span></p>`;
  const row = (key: string, idValue: string, enValue = idValue) =>
    `<tr><th>${escapeHtml(id(key))}<br><span class="en">${escapeHtml(en(key))}</span></th><td>${escapeHtml(idValue)}${
      enValue !== idValue ? `<br><span class="en">${escapeHtml(enValue)}</span>` : ""
    }</td></tr>`;
  const body = [
    `<div class="status ${valid ? "valid" : "revoked"}">${statusLine}</div>`,
    "<table>",
    row("certificate.page.holder", facts.holderName),
    row("certificate.page.program", facts.programName),
    row(
      "certificate.page.period",
      formatPeriod(facts.startDate, facts.endDate, "id"),
      formatPeriod(facts.startDate, facts.endDate, "en"),
    ),
    "</table>",
  ].join("\n");
  return page(200, id("certificate.page.title"), body);
}

function page(status: number, title: string, body: string): PublicPage {
  const html = `<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.3rem}.en{color:#555;font-size:.9em}
.status{padding:.6rem 1rem;border-radius:.4rem;margin:1rem 0}
.valid{background:#e6f4ea;border:1px solid #34a853}.revoked{background:#fce8e6;border:1px solid #d93025}
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:.4rem .3rem;border-bottom:1px solid #ddd}
th{width:35%;font-weight:600}
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>
`;
  return { status, html };
}
