// HtmlDocument: the QTextDocument letters and shortlists are laid out in, for PDF and printing.
// Images come only from data: URLs inside the HTML (a letter's QR code); nothing is loaded from
// a file or the network, whatever the HTML names.
#pragma once

#include <QTextDocument>

namespace htmse {

class HtmlDocument : public QTextDocument
{
    Q_OBJECT

public:
    using QTextDocument::QTextDocument;

protected:
    QVariant loadResource(int type, const QUrl& name) override;
};

} // namespace htmse
