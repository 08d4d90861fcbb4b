"""Reading participant spreadsheets: file formats, encodings and column names."""
