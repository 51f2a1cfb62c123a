-- access_log_day_user_agents for $day: the day's User-Agents as the relation user_agents
-- (assets/shared/useragents.py, registered by the build) classifies them.
SELECT $day AS day, user_agent, device_type, is_bot FROM user_agents
