import type { ApiResponse } from "./types.ts";

/** A Bot API failure; thrown inside method handlers and turned into `{ok:false,...}`. */
export class ApiError extends Error {
  readonly errorCode: number;
  readonly description: string;
  readonly retryAfter: number | undefined;

  constructor(errorCode: number, description: string, retryAfter?: number) {
    super(description);
    this.name = "ApiError";
    this.errorCode = errorCode;
    this.description = description;
    this.retryAfter = retryAfter;
  }

  toResponse(): ApiResponse<never> {
    const body: ApiResponse<never> = {
      ok: false,
      error_code: this.errorCode,
      description: this.description,
    };
    if (this.retryAfter !== undefined) body.parameters = { retry_after: this.retryAfter };
    return body;
  }
}

export const badRequest = (reason: string): ApiError => new ApiError(400, `Bad Request: ${reason}`);

export const tooManyRequests = (retryAfterSeconds: number): ApiError => {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new ApiError(429, `Too Many Requests: retry after ${seconds}`, seconds);
};

export const blockedByUser = (): ApiError =>
  new ApiError(403, "Forbidden: bot was blocked by the user");

export const userDeactivated = (): ApiError => new ApiError(403, "Forbidden: user is deactivated");

export const chatNotFound = (): ApiError => badRequest("chat not found");

export const internalError = (): ApiError => new ApiError(500, "Internal Server Error");

export const methodNotFound = (): ApiError => new ApiError(404, "Not Found: method not found");

export const unauthorized = (): ApiError => new ApiError(401, "Unauthorized");

export const conflict = (reason: string): ApiError => new ApiError(409, `Conflict: ${reason}`);
