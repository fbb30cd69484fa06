// PdfDocument: HTML (a referral letter, a shortlist) rendered to an A4 PDF, written atomically.
#pragma once

#include <QString>

class QIODevice;

namespace htmse {

class PdfDocument
{
public:
    // False with *error when the file cannot be written; a failed write leaves no partial file.
    static bool write(const QString& html, const QString& title, const QString& path, QString* error);
    // Renders into an open device (a QSaveFile the caller commits once the export is audited).
    static bool write(const QString& html, const QString& title, QIODevice* device, QString* error);
};

} // namespace htmse
