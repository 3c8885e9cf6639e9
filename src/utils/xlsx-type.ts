// The media type of an Excel workbook, for the Blobs the exports build.
export const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
