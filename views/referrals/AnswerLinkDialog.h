// AnswerLinkDialog: a one-time answer link, shown once (the server gives its address only when
// it is made, and the profile does not keep it): the address to copy — through the
// ClipboardGuard, so it leaves the clipboard after the policy's time and on lock — or to print
// into the referral letter. Closing the dialog forgets it.
#pragma once

#include <QDateTime>
#include <QDialog>
#include <QPointer>
#include <QUrl>

class QLabel;

namespace htmse {

class ClipboardGuard;

class AnswerLinkDialog : public QDialog
{
    Q_OBJECT

public:
    AnswerLinkDialog(const QUrl& url, const QDateTime& expires, ClipboardGuard* guard, QWidget* parent = nullptr);

signals:
    // The letter, printed with the link in it.
    void printRequested(const QUrl& url, const QDateTime& expires);

private:
    void copy();

    QUrl m_url;
    QDateTime m_expires;
    QPointer<ClipboardGuard> m_guard;
    QLabel* m_copied;
};

} // namespace htmse
