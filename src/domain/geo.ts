/** Distances and office geofences for location check-ins. */

export interface GeoPoint {
  latitude: number;
  longitude: number;
}

/** IUGG mean Earth radius. */
export const EARTH_RADIUS_METRES = 6_371_008.8;

/**
 * A reported accuracy is credited only up to this many metres: phones indoors report a few
 * tens of metres honestly, but a 1.5 km "accuracy" (Telegram's maximum) would let anyone in
 * the city check in.
 */
export const MAX_ACCURACY_TOLERANCE_METRES = 100;

export interface GeofenceCheck {
  point: GeoPoint;
  /** Telegram's `horizontal_accuracy`; missing or invalid values earn no tolerance. */
  accuracyMetres?: number | undefined;
  office: GeoPoint;
  radiusMetres: number;
}

export interface GeofenceResult {
  inside: boolean;
  distanceMetres: number;
  /** How much of the reported accuracy was credited. */
  toleranceMetres: number;
}

/** Great-circle (haversine) distance on a spherical Earth; within ~0.5 % of the ellipsoid. */
export function distanceMetres(a: GeoPoint, b: GeoPoint): number {
  assertValidPoint(a);
  assertValidPoint(b);
  const lat1 = toRadians(a.latitude);
  const lat2 = toRadians(b.latitude);
  const deltaLat = lat2 - lat1;
  const deltaLon = toRadians(b.longitude - a.longitude);
  const h =
    Math.sin(deltaLat / 2) ** 2 + Math.cos(lat1) * Math.cos(lat2) * Math.sin(deltaLon / 2) ** 2;
  return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Inside when the point could be within the radius given its reported accuracy:
 * `distance - min(accuracy, 100 m) <= radius`. The benefit of the doubt goes to the
 * participant because a real person at the office with a weak indoor fix is the common case.
 */
export function checkGeofence({
  point,
  accuracyMetres,
  office,
  radiusMetres,
}: GeofenceCheck): GeofenceResult {
  if (!Number.isFinite(radiusMetres) || radiusMetres < 0) {
    throw new RangeError(`Geofence radius must be a non-negative number, got ${radiusMetres}`);
  }
  const distance = distanceMetres(point, office);
  const reportedAccuracy =
    accuracyMetres !== undefined && Number.isFinite(accuracyMetres) && accuracyMetres > 0
      ? accuracyMetres
      : 0;
  const toleranceMetres = Math.min(reportedAccuracy, MAX_ACCURACY_TOLERANCE_METRES);
  return {
    inside: distance - toleranceMetres <= radiusMetres,
    distanceMetres: distance,
    toleranceMetres,
  };
}

export function isValidPoint(point: GeoPoint): boolean {
  return (
    Number.isFinite(point.latitude) &&
    Number.isFinite(point.longitude) &&
    Math.abs(point.latitude) <= 90 &&
    Math.abs(point.longitude) <= 180
  );
}

/** Telegram's largest `horizontal_accuracy`, in metres. */
export const MAX_REPORTED_ACCURACY_METRES = 1500;

/**
 * A location as Telegram describes it is usable: finite coordinates in range and, when given,
 * an accuracy that is a finite 0…1500 m. Anything else (1e308, 3e57, NaN sent as null) is
 * refused before any handler sees it.
 */
export function isValidReportedLocation(location: {
  latitude: unknown;
  longitude: unknown;
  horizontal_accuracy?: unknown;
}): boolean {
  const { latitude, longitude, horizontal_accuracy: accuracy } = location;
  if (typeof latitude !== "number" || typeof longitude !== "number") return false;
  if (!isValidPoint({ latitude, longitude })) return false;
  if (accuracy === undefined) return true;
  return (
    typeof accuracy === "number" &&
    Number.isFinite(accuracy) &&
    accuracy >= 0 &&
    accuracy <= MAX_REPORTED_ACCURACY_METRES
  );
}

function assertValidPoint(point: GeoPoint): void {
  if (!isValidPoint(point)) {
    throw new RangeError(`Invalid coordinates (${point.latitude}, ${point.longitude})`);
  }
}

function toRadians(degrees: number): number {
  return (degrees * Math.PI) / 180;
}
