// ReferralLogView: the caseworker's referral log — the list with status chips and overdue
// follow-ups, filters, the selected referral with its whole history and the events the server
// refused, only the actions the transition table allows in its state, a follow-up date, the
// letter printed or saved as PDF, the case erased, and the log exported as CSV. For a recipient
// outside the directory, a one-time answer link made through sync (shown once, copied through
// the ClipboardGuard or printed into the letter), and revoked. Every print, export and erasure
// is audited; without the audit entry nothing leaves the profile.
#pragma once

#include "domain/Referral.h"

#include <QHash>
#include <QPointer>
#include <QWidget>

class QAbstractItemModel;
class QCheckBox;
class QComboBox;
class QDateEdit;
class QDialog;
class QLabel;
class QPushButton;
class QTableView;
class QTextBrowser;

namespace htmse {

class ClipboardGuard;
class ProfileWorkspace;
class ReferralLogModel;
class SyncController;
struct AnswerLinkResult;
class ReferralLogTextModel;

class ReferralLogView : public QWidget
{
    Q_OBJECT

public:
    explicit ReferralLogView(QWidget* parent = nullptr);
    ~ReferralLogView() override;

    // Shows `workspace`'s log; null (on lock) empties everything, closes any open dialog and
    // shows nothing until a workspace is set again. The workspace closing does the same.
    void setWorkspace(ProfileWorkspace* workspace);
    // Answer links go through the profile's sync; null: none can be made (no sync set up).
    void setSyncController(SyncController* controller);
    void setClipboardGuard(ClipboardGuard* guard);
    // Makes a one-time answer link for the referral (the wizard's choice), as Answer link… does.
    void requestAnswerLink(const QUuid& id);
    ReferralLogModel* model() const { return m_model; }
    QAbstractItemModel* tableModel() const; // what the table shows: the log with each cell in words
    QUuid currentReferral() const { return m_current; }

signals:
    void newReferralRequested();

private:
    QWidget* buildFilters();
    QWidget* buildDetail();
    QWidget* buildActions();
    void applyFilter();
    void selectionChanged();
    void showReferral(const QUuid& id);
    void reselect();
    void updateActions(const std::optional<Referral>& referral);
    void startEvent(ReferralEventType type);
    void recordEvent(const QUuid& id, ReferralEventType type, const QJsonObject& payload);
    void setFollowUp();
    void printLetter();
    void makeAnswerLink();
    void revokeAnswerLinks();
    void answerLinkDone(const AnswerLinkResult& result);
    bool answerLinksPossible(const std::optional<Referral>& referral) const;
    void saveLetter();
    void writeLetter(const QString& path);
    QString letterHtml(const Referral& referral, const QUrl& answerUrl = {}, const QDateTime& expires = {}) const;
    void printLetterWith(const QUuid& id, const QUrl& answerUrl, const QDateTime& expires);
    QString recipientName(const ReferralDetails& details) const;
    QString recipientLabel(const QString& recipient) const; // a directory id or an external recipient
    void confirmErase();
    void erase(const QString& caseRef);
    void exportCsv();
    void writeCsv(const QString& path, bool minimised);
    void say(const QString& text, bool problem = false);
    void openDialog(QDialog* dialog); // one at a time; closed on lock

    QPointer<ProfileWorkspace> m_workspace;
    ReferralLogModel* m_model;
    ReferralLogTextModel* m_text; // the table's model: the log's cells in words
    QUuid m_current;
    std::optional<Referral> m_referral;             // the fold of the selected referral
    mutable QHash<QUuid, QString> m_recipientNames; // directory names by id, emptied on lock
    bool m_holding = false;                         // the model is following a change: keep m_current

    QPushButton* m_new;
    QPushButton* m_export;
    QCheckBox* m_minimised;
    QComboBox* m_status;
    QComboBox* m_kind;
    QCheckBox* m_overdue;
    QCheckBox* m_fromOn;
    QDateEdit* m_from;
    QCheckBox* m_toOn;
    QDateEdit* m_to;
    QTableView* m_table;
    QTextBrowser* m_detail;
    QHash<ReferralEventType, QPushButton*> m_actions;
    QDateEdit* m_followUp;
    QPushButton* m_setFollowUp;
    QPushButton* m_print;
    QPushButton* m_saveLetter;
    QPushButton* m_erase;
    QPushButton* m_answerLink;
    QPushButton* m_revokeLinks;
    QPointer<SyncController> m_sync;
    QPointer<ClipboardGuard> m_clipboard;
    QUuid m_linkFor; // the referral whose answer-link run is going
    QLabel* m_message;
    QPointer<QDialog> m_dialog;
};

} // namespace htmse
