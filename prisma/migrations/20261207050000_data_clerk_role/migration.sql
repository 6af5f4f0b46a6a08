-- Issue 10: the data clerk, who keeps the register's clinical facts up to date from the facility.
ALTER TYPE "Role" ADD VALUE 'DATA_CLERK';
