#include "views/Printing.h"

#include "export/HtmlDocument.h"

#include <QPrintDialog>
#include <QPrinter>

namespace htmse {

bool Printing::print(const QString& html, QPrinter* printer)
{
    if (!printer || !printer->isValid())
        return false;
    HtmlDocument doc;
    doc.setHtml(html);
    doc.print(printer);
    return printer->printerState() != QPrinter::Error;
}

bool Printing::printWithDialog(const QString& html, const QString& title, QWidget* parent)
{
    QPrinter printer(QPrinter::HighResolution);
    printer.setDocName(title);
    QPrintDialog dialog(&printer, parent);
    dialog.setWindowTitle(title);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    return print(html, &printer);
}

} // namespace htmse
