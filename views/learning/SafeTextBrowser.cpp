#include "views/learning/SafeTextBrowser.h"

#include "domain/SafeHtml.h"

#include <QDesktopServices>
#include <QImage>
#include <QMessageBox>
#include <QPushButton>

namespace htmse {

using namespace Qt::StringLiterals;

SafeTextBrowser::SafeTextBrowser(QWidget* parent)
    : QTextBrowser(parent)
{
    setOpenLinks(false);
    setOpenExternalLinks(false);
    setSearchPaths({});
    connect(this, &QTextBrowser::anchorClicked, this, &SafeTextBrowser::askToOpen);
    connect(this, qOverload<const QUrl&>(&QTextBrowser::highlighted), this, [this](const QUrl& url) {
        emit linkHovered(url.isEmpty() ? QString() : tr("Link to %1").arg(url.toDisplayString()));
    });
}

void SafeTextBrowser::setSafeHtml(const QString& html)
{
    document()->clear(); // drops the resources cached for the last document
    setHtml(SafeHtml::sanitize(html));
}

QVariant SafeTextBrowser::loadResource(int type, const QUrl& name)
{
    if (type == QTextDocument::ImageResource && SafeHtml::isAllowedInlineImage(name)) {
        const QString path = name.path(QUrl::FullyEncoded);
        const QByteArray bytes = QByteArray::fromBase64(path.mid(path.indexOf(u',') + 1).toLatin1());
        QImage image;
        if (bytes.size() <= SafeHtml::kMaxInlineImageBytes && image.loadFromData(bytes) &&
            qint64(image.width()) * image.height() <= 4096LL * 4096)
            return image;
    }
    m_refused.append(name);
    // Never an empty answer: QTextDocument would then try the file system itself.
    if (type == QTextDocument::ImageResource) {
        QImage nothing(1, 1, QImage::Format_ARGB32);
        nothing.fill(Qt::transparent);
        return nothing;
    }
    return QString();
}

void SafeTextBrowser::askToOpen(const QUrl& url)
{
    if (!SafeHtml::isAllowedLink(url) || m_question)
        return;
    const bool mail = url.scheme().compare("mailto"_L1, Qt::CaseInsensitive) == 0;
    m_question = new QMessageBox(QMessageBox::Question, mail ? tr("Write an email?") : tr("Open this link?"),
                                 mail ? tr("This opens your email program to write to:\n%1").arg(url.path())
                                      : tr("This opens your web browser at:\n%1\n\nThe page is on the internet, "
                                           "outside HTMSE Desktop.")
                                            .arg(url.toDisplayString()),
                                 QMessageBox::NoButton, this);
    m_question->setObjectName(u"linkQuestion"_s);
    QPushButton* open =
        m_question->addButton(mail ? tr("Write email") : tr("Open in browser"), QMessageBox::AcceptRole);
    open->setObjectName(u"openLink"_s);
    m_question->addButton(QMessageBox::Cancel);
    m_question->setDefaultButton(QMessageBox::Cancel);
    m_question->setAttribute(Qt::WA_DeleteOnClose);
    m_question->setWindowModality(Qt::WindowModal);
    connect(m_question, &QMessageBox::buttonClicked, this, [this, open, url](QAbstractButton* button) {
        if (button == open)
            QDesktopServices::openUrl(url);
    });
    connect(m_question, &QObject::destroyed, this, [this] { m_question = nullptr; });
    m_question->open();
}

} // namespace htmse
