import { z } from "zod";
import { parseNip } from "../domain/nip.ts";
import {
  parseDateInput,
  parseDecimalInput,
  parseTimeInput,
  parseWholeNumberInput,
} from "./cells.ts";

/**
 * zod schemas of one row per kind. Issue messages are locale keys (`imports.problem.*`), and the
 * issue path names the column, so the validator can say exactly where a problem is.
 */
const key = (name: string) => `imports.problem.${name}`;

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: key("too_long") });
const requiredText = (max: number) => text(max).min(1, { message: key("required") });
const optionalText = (max: number) => text(max).transform((value) => (value === "" ? null : value));

const phone = z
  .string()
  .trim()
  .transform((value) => value.replace(/[\s\-().]/g, ""))
  .refine((value) => value === "" || /^\+?\d{8,15}$/.test(value), { message: key("phone_invalid") })
  .transform((value) => (value === "" ? null : value));

const nip = (today: Date) =>
  z
    .string()
    .trim()
    .min(1, { message: key("required") })
    .transform((value, ctx) => {
      const parsed = parseNip(value, today);
      if (!parsed.ok) {
        ctx.addIssue({ code: "custom", message: key(`nip_${parsed.reason.code}`) });
        return z.NEVER;
      }
      return { nip: parsed.nip, kind: parsed.kind };
    });

const decimalIn = (min: number, max: number, rangeKey: string) =>
  z
    .string()
    .trim()
    .transform((value, ctx) => {
      if (value === "") return null;
      const number = parseDecimalInput(value);
      if (number === undefined) {
        ctx.addIssue({ code: "custom", message: key("number_invalid") });
        return z.NEVER;
      }
      if (number < min || number > max) {
        ctx.addIssue({ code: "custom", message: key(rangeKey) });
        return z.NEVER;
      }
      return number;
    });

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .trim()
    .transform((value, ctx) => {
      if (value === "") return null;
      const number = parseWholeNumberInput(value);
      if (number === undefined || number < min || number > max) {
        ctx.addIssue({ code: "custom", message: key("whole_number_invalid") });
        return z.NEVER;
      }
      return number;
    });

const date = z
  .string()
  .trim()
  .min(1, { message: key("required") })
  .transform((value, ctx) => {
    const parsed = parseDateInput(value);
    if (!parsed) {
      ctx.addIssue({ code: "custom", message: key("date_invalid") });
      return z.NEVER;
    }
    return parsed;
  });

const time = (required: boolean) =>
  z
    .string()
    .trim()
    .transform((value, ctx) => {
      if (value === "") {
        if (required) ctx.addIssue({ code: "custom", message: key("required") });
        return null;
      }
      const parsed = parseTimeInput(value);
      if (!parsed) {
        ctx.addIssue({ code: "custom", message: key("time_invalid") });
        return z.NEVER;
      }
      return parsed;
    });

export function rosterRowSchema(today: Date) {
  return z.object({
    nip: nip(today),
    nama: requiredText(200),
    jabatan: optionalText(200),
    unit_asal: optionalText(300),
    telepon: phone,
  });
}

export const hostUnitRowSchema = z
  .object({
    nama: requiredText(300),
    singkatan: optionalText(100),
    alamat: optionalText(500),
    lat: decimalIn(-90, 90, "latitude_range"),
    lon: decimalIn(-180, 180, "longitude_range"),
    radius_m: wholeNumber(10, 5000),
    kapasitas: wholeNumber(0, 100000),
    pembimbing: optionalText(200),
    telepon_pembimbing: phone,
    padanan: text(2000).transform((value) =>
      value
        .split(";")
        .map((part) => part.trim())
        .filter(Boolean),
    ),
  })
  .superRefine((row, ctx) => {
    // One coordinate without the other cannot be used for a geofence.
    if ((row.lat === null) !== (row.lon === null)) {
      ctx.addIssue({
        code: "custom",
        path: [row.lat === null ? "lat" : "lon"],
        message: key("coordinates_incomplete"),
      });
    }
  });

export function placementRowSchema(today: Date) {
  return z.object({ nip: nip(today), instansi: requiredText(300) });
}

export const scheduleRowSchema = z
  .object({
    tanggal: date,
    mulai: time(true),
    selesai: time(false),
    kegiatan: requiredText(300),
    tempat: optionalText(300),
    instansi: optionalText(300),
  })
  .superRefine((row, ctx) => {
    if (row.mulai && row.selesai && row.selesai <= row.mulai) {
      ctx.addIssue({ code: "custom", path: ["selesai"], message: key("end_before_start") });
    }
  });

export type RosterRow = z.output<ReturnType<typeof rosterRowSchema>>;
export type HostUnitRow = z.output<typeof hostUnitRowSchema>;
export type PlacementRow = z.output<ReturnType<typeof placementRowSchema>>;
export type ScheduleRow = z.output<typeof scheduleRowSchema>;
