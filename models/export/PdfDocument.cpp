#include "export/PdfDocument.h"

#include "export/HtmlDocument.h"

#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QSaveFile>

namespace htmse {

bool PdfDocument::write(const QString& html, const QString& title, QIODevice* device, QString* error)
{
    {
        QPdfWriter pdf(device);
        pdf.setTitle(title);
        pdf.setCreator(QStringLiteral("HTMSE Desktop"));
        pdf.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(20, 20, 20, 20),
                                      QPageLayout::Millimeter));
        pdf.setResolution(300);
        HtmlDocument doc;
        doc.setHtml(html);
        doc.setPageSize(QSizeF(pdf.width(), pdf.height()));
        doc.print(&pdf);
    }
    // QPdfWriter reports nothing itself; a file that failed to take the bytes says so.
    if (auto* file = qobject_cast<QFileDevice*>(device); file && file->error() != QFileDevice::NoError) {
        if (error)
            *error = file->errorString();
        return false;
    }
    return true;
}

bool PdfDocument::write(const QString& html, const QString& title, const QString& path, QString* error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    if (!write(html, title, &file, error))
        return false;
    if (!file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace htmse
