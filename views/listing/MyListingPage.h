// MyListingPage: the My listing place. For a professional signed in with an account linked to
// a directory profile: their listing's expertise (the needs tree), languages with proficiency,
// places, availability, fees and whether they accept referrals, checked with the domain's own
// validators as they type (each message beside its field). Submit sends the listing to the
// server as a profile edit through the sync controller; the review state of the newest edit
// (pending, approved, or rejected with the editor's reason) is asked for with it and on
// "Check review state", and shown here. Nothing of it is stored on this device.
#pragma once

#include <QJsonObject>
#include <QPointer>
#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace htmse {

class NeedsTree;
class ProfileWorkspace;
class SyncController;
class ValidationProblems;
struct ListingResult;
struct Professional;

class MyListingPage : public QWidget
{
    Q_OBJECT

public:
    explicit MyListingPage(QWidget* parent = nullptr);

    // Both null at lock: every field and line is emptied.
    void setController(SyncController* controller, ProfileWorkspace* workspace);

    // The listing as the fields say it, with every problem the validators find (empty: none).
    QJsonObject currentListing(ValidationProblems& problems) const;

private:
    QWidget* buildForm();
    void reload();
    void fill(const Professional& p);
    void addLanguageRow(const QString& code, const QString& proficiency);
    void addPlaceRow(const QString& city, const QString& region, const QString& country);
    bool validate(); // shows each problem beside its field; true when there is none
    void submit();
    void check();
    void showResult(const ListingResult& result);
    void setBusy(bool busy);

    QPointer<SyncController> m_controller;
    QPointer<ProfileWorkspace> m_workspace;
    QJsonObject m_base; // the listing the fields started from
    bool m_filling = false;
    QLabel* m_summary;
    QLabel* m_review;
    NeedsTree* m_needs;
    QLabel* m_needsError;
    QTableWidget* m_languages;
    QLabel* m_languagesError;
    QTableWidget* m_places;
    QLabel* m_placesError;
    QSpinBox* m_responseDays;
    QLineEdit* m_hoursNote;
    QLabel* m_availabilityError;
    QCheckBox* m_free;
    QCheckBox* m_legalAid;
    QCheckBox* m_proBono;
    QComboBox* m_feeBasis;
    QLineEdit* m_feeNote;
    QLabel* m_feesError;
    QCheckBox* m_accepting;
    QPushButton* m_submit;
    QPushButton* m_check;
    QLabel* m_message;
};

} // namespace htmse
