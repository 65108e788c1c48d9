import { describe, expect, it } from "vitest";
import {
  checkGeofence,
  distanceMetres,
  EARTH_RADIUS_METRES,
  isValidReportedLocation,
  MAX_ACCURACY_TOLERANCE_METRES,
} from "../../src/domain/geo.ts";

const jakarta = { latitude: -6.2088, longitude: 106.8456 };
const surabaya = { latitude: -7.2575, longitude: 112.7521 };

/** A point `metres` due north of `origin`, exact on the haversine sphere. */
function northOf(origin: { latitude: number; longitude: number }, metres: number) {
  const degrees = (metres / EARTH_RADIUS_METRES) * (180 / Math.PI);
  return { latitude: origin.latitude + degrees, longitude: origin.longitude };
}

describe("distanceMetres", () => {
  it("measures Jakarta to Surabaya as about 663 km", () => {
    expect(distanceMetres(jakarta, surabaya)).toBeGreaterThan(658_000);
    expect(distanceMetres(jakarta, surabaya)).toBeLessThan(668_000);
  });

  it("measures one degree of latitude as 2πR/360", () => {
    const oneDegree = (2 * Math.PI * EARTH_RADIUS_METRES) / 360;
    expect(
      distanceMetres({ latitude: 0, longitude: 0 }, { latitude: 1, longitude: 0 }),
    ).toBeCloseTo(oneDegree, 6);
    expect(oneDegree).toBeCloseTo(111_195.08, 1);
  });

  it("is symmetric and zero for the same point", () => {
    expect(distanceMetres(jakarta, jakarta)).toBe(0);
    expect(distanceMetres(jakarta, surabaya)).toBeCloseTo(distanceMetres(surabaya, jakarta), 6);
  });

  it("handles antipodes and the antimeridian", () => {
    expect(
      distanceMetres({ latitude: 0, longitude: 0 }, { latitude: 0, longitude: 180 }),
    ).toBeCloseTo(Math.PI * EARTH_RADIUS_METRES, 3);
    expect(
      distanceMetres({ latitude: 0, longitude: 179.5 }, { latitude: 0, longitude: -179.5 }),
    ).toBeCloseTo(distanceMetres({ latitude: 0, longitude: 0 }, { latitude: 0, longitude: 1 }), 6);
  });

  it("rejects impossible coordinates", () => {
    expect(() => distanceMetres({ latitude: 91, longitude: 0 }, jakarta)).toThrow(RangeError);
    expect(() => distanceMetres({ latitude: Number.NaN, longitude: 0 }, jakarta)).toThrow(
      RangeError,
    );
  });
});

describe("checkGeofence", () => {
  const office = { latitude: -7.2906, longitude: 112.7398 };

  it("is inside exactly at the radius and outside just beyond it", () => {
    expect(checkGeofence({ point: northOf(office, 99.99), office, radiusMetres: 100 }).inside).toBe(
      true,
    );
    expect(checkGeofence({ point: northOf(office, 100.5), office, radiusMetres: 100 }).inside).toBe(
      false,
    );
  });

  it("credits the reported accuracy as tolerance", () => {
    const point = northOf(office, 140);
    const result = checkGeofence({ point, accuracyMetres: 50, office, radiusMetres: 100 });
    expect(result.inside).toBe(true);
    expect(result.toleranceMetres).toBe(50);
    expect(result.distanceMetres).toBeCloseTo(140, 3);
    expect(checkGeofence({ point, accuracyMetres: 30, office, radiusMetres: 100 }).inside).toBe(
      false,
    );
  });

  it("caps the tolerance so a vague fix cannot check in from across town", () => {
    const point = northOf(office, 1_000);
    const result = checkGeofence({ point, accuracyMetres: 1_500, office, radiusMetres: 100 });
    expect(result.toleranceMetres).toBe(MAX_ACCURACY_TOLERANCE_METRES);
    expect(result.inside).toBe(false);
    expect(
      checkGeofence({
        point: northOf(office, 199),
        accuracyMetres: 1_500,
        office,
        radiusMetres: 100,
      }).inside,
    ).toBe(true);
  });

  it("grants no tolerance for missing or nonsensical accuracy", () => {
    const point = northOf(office, 110);
    for (const accuracyMetres of [undefined, -20, Number.NaN, Number.POSITIVE_INFINITY]) {
      const result = checkGeofence({ point, accuracyMetres, office, radiusMetres: 100 });
      expect(result).toMatchObject({ inside: false, toleranceMetres: 0 });
    }
  });

  it("rejects a negative radius", () => {
    expect(() => checkGeofence({ point: office, office, radiusMetres: -1 })).toThrow(RangeError);
  });
});

describe("isValidReportedLocation", () => {
  it("accepts real locations, the edges of the range and accuracy 0…1500 m", () => {
    for (const location of [
      jakarta,
      { ...surabaya, horizontal_accuracy: 0 },
      { ...surabaya, horizontal_accuracy: 1500 },
      { latitude: 90, longitude: -180 },
      { latitude: -90, longitude: 180 },
      { latitude: -0, longitude: 0 },
    ]) {
      expect(isValidReportedLocation(location), JSON.stringify(location)).toBe(true);
    }
  });

  it("refuses what no phone sends (1e308/3e57 was found by a property test)", () => {
    for (const location of [
      { latitude: 1e308, longitude: 3e57 },
      { latitude: 90.000001, longitude: 0 },
      { latitude: 0, longitude: -180.000001 },
      { latitude: Number.NaN, longitude: 0 },
      { latitude: 0, longitude: Number.NEGATIVE_INFINITY },
      { latitude: null, longitude: 0 },
      { latitude: "1", longitude: 0 },
      { ...jakarta, horizontal_accuracy: -1 },
      { ...jakarta, horizontal_accuracy: 1500.5 },
      { ...jakarta, horizontal_accuracy: Number.NaN },
      { ...jakarta, horizontal_accuracy: null },
    ]) {
      expect(isValidReportedLocation(location), JSON.stringify(location)).toBe(false);
    }
  });
});
