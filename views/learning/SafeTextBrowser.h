// SafeTextBrowser: a QTextBrowser for text that came from elsewhere (news, resources). It shows
// only what SafeHtml lets through, loads nothing from outside the document (no http(s), no
// files, no style sheets; only small inline PNG/JPEG/GIF images), follows no link by itself,
// and opens an http(s) or mailto link in the system browser or mail program only when the person
// confirms after being told where it goes.
#pragma once

#include <QTextBrowser>
#include <QUrl>

class QMessageBox;

namespace htmse {

class SafeTextBrowser : public QTextBrowser
{
    Q_OBJECT

public:
    explicit SafeTextBrowser(QWidget* parent = nullptr);

    // Sanitizes `html` (SafeHtml) and shows it.
    void setSafeHtml(const QString& html);
    QVariant loadResource(int type, const QUrl& name) override;
    // What the document asked for and was refused (for the tests and the curious).
    const QList<QUrl>& refusedResources() const { return m_refused; }
    // The question asked after a click on a link; null when none is open.
    QMessageBox* linkQuestion() const { return m_question; }

signals:
    void linkHovered(const QString& where); // "Link to https://…", empty when none

private:
    void askToOpen(const QUrl& url);

    QList<QUrl> m_refused;
    QMessageBox* m_question = nullptr;
};

} // namespace htmse
