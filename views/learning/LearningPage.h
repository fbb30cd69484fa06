// LearningPage: the "News and learning" place. The news feed and the resource library that sync
// keeps in the profile, readable offline: searchable as one types (case and diacritics folded),
// each row bold with "Unread" until opened, a reader that shows the body as safe HTML
// (SafeTextBrowser), and for a course its ordered lessons, each ticked off as done, with the
// progress kept in the person's profile.
#pragma once

#include <QPointer>
#include <QUuid>
#include <QWidget>

class QLabel;
class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QPushButton;
class QSplitter;
class QTabWidget;
class QTableView;

namespace htmse {

class ProfileWorkspace;
class PublicationFilterModel;
class PublicationModel;
class SafeTextBrowser;
struct Publication;

class LearningPage : public QWidget
{
    Q_OBJECT

public:
    explicit LearningPage(QWidget* parent = nullptr);

    // Null at lock: every list and the reader are emptied.
    void setWorkspace(ProfileWorkspace* workspace);
    int unreadCount() const;

    PublicationModel* newsModel() const { return m_news; }
    PublicationModel* resourcesModel() const { return m_resources; }
    QTableView* newsView() const { return m_newsView; }
    QTableView* resourcesView() const { return m_resourcesView; }
    SafeTextBrowser* reader() const { return m_reader; }
    QListWidget* lessons() const { return m_lessons; }
    QLineEdit* searchEdit() const { return m_search; }
    // Opens the item with `id` in the reader (selecting it in its list); false when not shown.
    bool open(const QUuid& id);
    QUuid shownItem() const { return m_shown; }

signals:
    void unreadCountChanged(int unread);

private:
    QTableView* makeList(PublicationModel* model, PublicationFilterModel* filter, const QString& name);
    void showSelected(QTableView* view);
    void showItem(const Publication& item, PublicationModel* model);
    void showLesson(int row);
    void lessonToggled(QListWidgetItem* item);
    void updateProgress();
    void clearReader();

    PublicationModel* m_news;
    PublicationModel* m_resources;
    PublicationFilterModel* m_newsFilter;
    PublicationFilterModel* m_resourcesFilter;
    QLineEdit* m_search;
    QTabWidget* m_tabs;
    QTableView* m_newsView;
    QTableView* m_resourcesView;
    QLabel* m_title;
    QLabel* m_meta;
    QLabel* m_progress;
    QListWidget* m_lessons;
    SafeTextBrowser* m_reader;
    QLabel* m_linkLine;
    QPushButton* m_markUnread;
    QSplitter* m_splitter;
    QUuid m_shown;
    PublicationModel* m_shownModel = nullptr;
};

} // namespace htmse
