/** The program as both documents print it (dates "YYYY-MM-DD" in the host province). */
export interface DocumentProgram {
  name: string;
  startDate: string;
  endDate: string;
  zoneLabel: string;
  hostProvinceName: string;
  sendingProvinceName: string;
}

/** Only the printed fields: the data crosses to the worker thread by structured clone. */
export function documentProgram(program: DocumentProgram): DocumentProgram {
  return {
    name: program.name,
    startDate: program.startDate,
    endDate: program.endDate,
    zoneLabel: program.zoneLabel,
    hostProvinceName: program.hostProvinceName,
    sendingProvinceName: program.sendingProvinceName,
  };
}
