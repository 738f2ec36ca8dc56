package demoschool

import (
	"sort"

	"github.com/circdesk/circdesk/circ"
)

// Roster is the school's roster as its SIS would send it: every patron,
// and one class per homeroom taught by the teacher of that homeroom.
func Roster(ds circ.Dataset) *circ.Roster {
	r := &circ.Roster{Format: circ.PlainCSV, Bulk: true}
	teachers := map[string]circ.Patron{}
	for _, p := range ds.Patrons {
		if p.Type == circ.Teacher && p.Homeroom != "" {
			teachers[p.Homeroom] = p
		}
	}
	classes := map[string]bool{}
	for _, p := range ds.Patrons {
		role := circ.Student
		switch p.Type {
		case circ.Teacher:
			role = circ.Teacher
		case circ.Staff:
			role = circ.Staff
		}
		r.Users = append(r.Users, circ.RosterUser{SourcedID: p.ID, ID: p.ID, FirstName: p.FirstName, LastName: p.LastName,
			Grade: p.Grade, Role: role, Active: true})
		if p.Homeroom == "" {
			continue
		}
		id := "homeroom:" + p.Homeroom
		classes[p.Homeroom] = true
		r.Enrollments = append(r.Enrollments, circ.RosterEnrollment{ClassID: id, UserID: p.ID, Role: role, Primary: role == circ.Teacher, Active: true})
	}
	names := make([]string, 0, len(classes))
	for h := range classes {
		names = append(names, h)
	}
	sort.Strings(names)
	for _, h := range names {
		c := circ.RosterClass{SourcedID: "homeroom:" + h, Name: h, Active: true}
		if t, ok := teachers[h]; ok {
			c.Teacher, c.TeacherID = t.FirstName+" "+t.LastName, t.ID
		}
		r.Classes = append(r.Classes, c)
	}
	return r
}

// ClassSet is the school's book set: the copies of the title it has most of.
func ClassSet(ds circ.Dataset) (name string, items []string) {
	byTitle := map[string][]string{}
	for _, it := range ds.Items {
		if it.Parts == 1 {
			byTitle[it.Title] = append(byTitle[it.Title], it.Barcode)
		}
	}
	for title, copies := range byTitle {
		if len(copies) > len(items) || (len(copies) == len(items) && title < name) {
			name, items = title, copies
		}
	}
	sort.Strings(items)
	return name + " class set", items
}
