import { Composer, InputFile } from "grammy";
import type { BotContext } from "../../bot/context.ts";
import { formatRate } from "../../domain/attendance-rate.ts";
import { formatDateId, localDate } from "../../domain/time.ts";
import { isLocale, translatorFor } from "../../i18n/i18n.ts";
import { escapeHtml } from "../../shared/html.ts";
import { WorkerLimitError } from "../../workers/worker-pool.ts";
import { resolveProgramScope, withoutMentorGrants } from "../access/scope.ts";
import { resolveStaffProgram } from "../shared/staff-program.service.ts";
import { createAttemptLimiter } from "./attempt-limiter.ts";
import {
  buildCertificateFile,
  type CertificateStanding,
  certificateStandingsWithout,
  issueEligibleCertificates,
  type LanguageOf,
  listProgramCertificates,
  noteCertificateDelivered,
  participantCertificate,
  reissueCertificate,
  revokeProgramCertificate,
  type StandingFigures,
  verifyCertificate,
} from "./certificate.service.ts";
import { formatDateLong, formatPeriod } from "./certificate-dates.ts";

const staffWords = new Set(["terbitkan", "daftar", "cabut", "terbitkanulang", "ulang"]);
const MAX_REASON = 300;
const MESSAGE_BUDGET = 3500;

/**
 * /sertifikat: a participant's own certificate (or why not yet); coordinators `terbitkan`
 * (issue all eligible), `daftar` (list), `cabut <nomor> <alasan>` (revoke),
 * `terbitkanulang <nomor> <alasan>` (re-issue). /verifikasi <nomor>: anyone, any chat.
 */
export function createCertificateComposer(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const verifyLimiter = createAttemptLimiter({ limit: 10, windowMs: 60_000 });

  composer.command("sertifikat", async (ctx) => {
    const [word = "", ...rest] = ctx.match.trim().split(/\s+/);
    const sub = word.toLowerCase();
    if (staffWords.has(sub)) {
      await staffCommand(ctx, sub, rest);
      return;
    }
    if (sub !== "") {
      await ctx.reply(ctx.t("certificate.usage"));
      return;
    }
    await participantCommand(ctx);
  });

  composer.command("verifikasi", async (ctx) => {
    const input = ctx.match.trim();
    if (!input) {
      await ctx.reply(ctx.t("certificate.verify_usage"));
      return;
    }
    const key = String(ctx.from?.id ?? ctx.chat.id);
    if (!verifyLimiter.allow(key, ctx.deps.clock.now().getTime())) {
      await ctx.reply(ctx.t("certificate.verify_limited"));
      return;
    }
    const facts = await verifyCertificate(ctx.deps.db, input);
    ctx.logger.info({ found: facts !== undefined }, "certificate.verify_command");
    if (!facts) {
      await ctx.reply(ctx.t("certificate.verify_unknown"));
      return;
    }
    const lines = [
      facts.status === "VALID"
        ? ctx.t("certificate.verify_valid")
        : ctx.t("certificate.verify_revoked", {
            date: formatDateLong(facts.revokedOn ?? facts.endDate, ctx.locale),
          }),
      "",
      ctx.t("certificate.verify_holder", { name: escapeHtml(facts.holderName) }),
      ctx.t("certificate.verify_program", { program: escapeHtml(facts.programName) }),
      ctx.t("certificate.verify_period", {
        period: formatPeriod(facts.startDate, facts.endDate, ctx.locale),
      }),
    ];
    await ctx.reply(lines.join("\n"), { parse_mode: "HTML" });
  });

  return composer;
}

function languageOf(ctx: BotContext): LanguageOf {
  return (locale) => {
    const chosen = isLocale(locale) ? locale : ctx.deps.config.defaultLocale;
    return { t: translatorFor(ctx.deps.i18n, chosen), locale: chosen };
  };
}

async function staffCommand(ctx: BotContext, sub: string, rest: string[]): Promise<void> {
  const now = ctx.deps.clock.now();
  const need = sub === "daftar" ? "view" : "manage";
  // Mentors view their unit's day, not its certificates, names and attendance standings.
  const office = withoutMentorGrants(ctx.actor);
  const program = await resolveStaffProgram(ctx.deps.db, office, need, now);
  const scope = program ? resolveProgramScope(office, program.id, need) : undefined;
  if (!program || !scope) {
    await ctx.reply(ctx.t("certificate.not_allowed"));
    return;
  }
  const actorId = ctx.actor?.personId ?? null;
  if (sub === "terbitkan") {
    const outcome = await issueEligibleCertificates(ctx.deps.db, {
      programId: program.id,
      hostUnitIds: scope.hostUnitIds,
      actorId,
      now,
      language: languageOf(ctx),
    });
    if (outcome.kind === "not_found") return;
    if (outcome.kind === "too_early") {
      await ctx.reply(
        ctx.t("certificate.too_early", { date: formatDateId(outcome.endDate, ctx.locale) }),
      );
      return;
    }
    const { summary } = outcome;
    ctx.logger.info({ programId: program.id, issued: summary.issued.length }, "certificate.issued");
    await ctx.reply(
      ctx.t("certificate.issued_summary", {
        program: escapeHtml(program.name),
        issued: summary.issued.length,
        already: summary.already,
        revoked: summary.revoked,
        not_eligible: summary.notEligible,
      }),
      { parse_mode: "HTML" },
    );
    return;
  }
  if (sub === "daftar") {
    const certificates = await listProgramCertificates(ctx.deps.db, scope);
    const open = await certificateStandingsWithout(ctx.deps.db, scope, now);
    const valid = certificates.filter((certificate) => certificate.status === "VALID").length;
    const lines = [
      ctx.t("certificate.list_title", {
        program: escapeHtml(program.name),
        valid,
        revoked: certificates.length - valid,
      }),
      ...certificates.map((certificate) =>
        certificate.status === "VALID"
          ? ctx.t("certificate.list_valid", {
              number: escapeHtml(certificate.number),
              name: escapeHtml(certificate.holderName),
              sent: certificate.deliveredAt ? ctx.t("certificate.list_sent") : "",
            })
          : ctx.t("certificate.list_revoked", {
              number: escapeHtml(certificate.number),
              name: escapeHtml(certificate.holderName),
              date: formatDateLong(
                localDate(certificate.revokedAt ?? now, program.timeZone),
                ctx.locale,
              ),
            }),
      ),
    ];
    const standingLine = (standing: CertificateStanding) =>
      ctx.t("certificate.list_standing", {
        name: escapeHtml(standing.fullName),
        rate: standing.rate === null ? "–" : formatRate(standing.rate, ctx.locale),
        report: standing.hasFinalReport ? "" : ctx.t("certificate.list_no_report"),
      });
    if (open.eligible.length > 0) {
      lines.push(
        "",
        ctx.t("certificate.list_eligible_title", { count: open.eligible.length }),
        ...open.eligible.map(standingLine),
      );
    }
    if (open.notEligible.length > 0) {
      lines.push(
        "",
        ctx.t("certificate.list_not_eligible_title", { count: open.notEligible.length }),
        ...open.notEligible.map(standingLine),
      );
    }
    for (const chunk of chunks(lines)) {
      await ctx.reply(chunk, { parse_mode: "HTML" });
    }
    return;
  }
  // cabut / terbitkanulang <nomor> <alasan>
  const [number = "", ...reasonWords] = rest;
  const reason = reasonWords.join(" ").trim();
  const usageKey = sub === "cabut" ? "certificate.revoke_usage" : "certificate.reissue_usage";
  if (!number || reason.length < 3 || reason.length > MAX_REASON) {
    await ctx.reply(ctx.t(usageKey, { max: MAX_REASON }));
    return;
  }
  if (sub === "cabut") {
    const outcome = await revokeProgramCertificate(ctx.deps.db, {
      scope,
      number,
      reason,
      actorId,
      now,
      language: languageOf(ctx),
    });
    if (outcome.kind === "unknown") {
      await ctx.reply(ctx.t("certificate.staff_unknown_number"));
      return;
    }
    if (outcome.kind === "already_revoked") {
      await ctx.reply(ctx.t("certificate.already_revoked", { number: outcome.number }));
      return;
    }
    ctx.logger.info({ programId: program.id }, "certificate.revoked");
    await ctx.reply(
      ctx.t("certificate.revoked_done", {
        number: escapeHtml(outcome.number),
        name: escapeHtml(outcome.holderName),
      }),
      { parse_mode: "HTML" },
    );
    return;
  }
  const outcome = await reissueCertificate(ctx.deps.db, {
    scope,
    number,
    reason,
    actorId,
    now,
    language: languageOf(ctx),
  });
  if (outcome.kind === "unknown") {
    await ctx.reply(ctx.t("certificate.staff_unknown_number"));
    return;
  }
  if (outcome.kind === "has_other_valid") {
    await ctx.reply(ctx.t("certificate.has_other_valid", { number: outcome.number }));
    return;
  }
  ctx.logger.info({ programId: program.id }, "certificate.reissued");
  await ctx.reply(
    ctx.t(outcome.sent ? "certificate.reissued_sent" : "certificate.reissued", {
      old: escapeHtml(outcome.oldNumber),
      number: escapeHtml(outcome.newNumber),
      name: escapeHtml(outcome.holderName),
    }),
    { parse_mode: "HTML" },
  );
}

async function participantCommand(ctx: BotContext): Promise<void> {
  const now = ctx.deps.clock.now();
  const answer = await participantCertificate(ctx.deps.db, ctx.actor?.personId, now);
  switch (answer.kind) {
    case "not_participant": {
      const staff = await resolveStaffProgram(ctx.deps.db, ctx.actor, "view", now);
      await ctx.reply(ctx.t(staff ? "certificate.staff_help" : "certificate.not_participant"));
      return;
    }
    case "revoked":
      await ctx.reply(ctx.t("certificate.participant_revoked", { number: answer.number }));
      return;
    case "not_yet":
      await ctx.reply(
        [
          ctx.t("certificate.participant_not_yet", {
            date: formatDateId(answer.endDate, ctx.locale),
          }),
          "",
          ...figureLines(ctx, answer.figures),
        ].join("\n"),
      );
      return;
    case "pending":
      await ctx.reply(
        [ctx.t("certificate.participant_pending"), "", ...figureLines(ctx, answer.figures)].join(
          "\n",
        ),
      );
      return;
    case "not_eligible":
      await ctx.reply(
        [
          ctx.t("certificate.participant_not_eligible"),
          "",
          ...figureLines(ctx, answer.figures),
          "",
          ctx.t("certificate.participant_contact"),
        ].join("\n"),
      );
      return;
    case "ready": {
      await ctx.replyWithChatAction("upload_document").catch(() => undefined);
      let file: Awaited<ReturnType<typeof buildCertificateFile>>;
      try {
        file = await buildCertificateFile(ctx.deps.db, answer.certificateId, {
          publicBaseUrl: ctx.deps.config.publicBaseUrl,
          botUsername: ctx.me.username,
        });
      } catch (error) {
        if (!(error instanceof WorkerLimitError)) throw error;
        ctx.logger.warn({ limit: error.limit }, "certificate.limit_reached");
        await ctx.reply(ctx.t("certificate.busy"));
        return;
      }
      if (!file) {
        await ctx.reply(ctx.t("certificate.not_participant"));
        return;
      }
      await ctx.replyWithDocument(new InputFile(file.content, file.fileName), {
        caption: ctx.t("certificate.delivery_caption", {
          program: escapeHtml(answer.programName),
          number: escapeHtml(answer.number),
        }),
        parse_mode: "HTML",
      });
      // Delivered: the queue will not send this one again.
      await noteCertificateDelivered(ctx.deps.db, answer.certificateId, ctx.deps.clock.now());
      return;
    }
  }
}

function figureLines(ctx: BotContext, figures: StandingFigures): string[] {
  const lines = [
    ctx.t("certificate.figure_attendance", {
      rate: figures.rate === null ? "–" : formatRate(figures.rate, ctx.locale),
      min: figures.minAttendancePercent,
      mark: figures.problems.includes("attendance") ? "✗" : "✓",
    }),
  ];
  if (figures.needsFinalReport) {
    lines.push(
      ctx.t(
        figures.hasFinalReport
          ? "certificate.figure_final_report_done"
          : "certificate.figure_final_report_missing",
      ),
    );
  }
  return lines;
}

/** Lines joined into messages under Telegram's length limit. */
function chunks(lines: string[]): string[] {
  const messages: string[] = [];
  let current = "";
  for (const line of lines) {
    if (current && current.length + line.length + 1 > MESSAGE_BUDGET) {
      messages.push(current);
      current = "";
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) messages.push(current);
  return messages;
}
