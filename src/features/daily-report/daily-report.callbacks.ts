export const REPLACE_REPORT_CALLBACK = "daily_report:replace";
export const KEEP_REPORT_CALLBACK = "daily_report:keep";
export const FINISH_REPORT_CALLBACK = "daily_report:done";
