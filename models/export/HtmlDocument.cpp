#include "export/HtmlDocument.h"

#include <QImage>
#include <QUrl>

namespace htmse {

QVariant HtmlDocument::loadResource(int type, const QUrl& name)
{
    if (type != QTextDocument::ImageResource || name.scheme() != QLatin1StringView("data"))
        return {};
    // data:<media type>;base64,<payload>
    const QByteArray spec = name.toString(QUrl::FullyEncoded).toLatin1().mid(5);
    const qsizetype comma = spec.indexOf(',');
    if (comma < 0 || !spec.left(comma).endsWith(";base64"))
        return {};
    const QImage image = QImage::fromData(QByteArray::fromBase64(QByteArray::fromPercentEncoding(spec.mid(comma + 1))));
    if (image.isNull())
        return {};
    return image;
}

} // namespace htmse
